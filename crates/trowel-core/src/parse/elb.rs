//! Elastic Load Balancing (`aws elbv2`) read as the Service facts that mean the same, so the
//! claims about Services routing nowhere read load balancers too (reached through `aws.rs`):
//!
//! - a target group is a Service: the targets `describe-target-health` lists (whatever their
//!   health) are its endpoints, and none at all is `<none>`, as a Service without endpoints
//!   prints them;
//! - what puts targets into a group is an ECS service naming it in its `loadBalancers`
//!   ([`registers_into`]), as labels put pods behind a Service: the group "selects"
//!   `targetGroup=<its name>`, and the ECS service's tasks carry `targetGroup=<the group it
//!   names>`. A listener forwarding to a group no service registers into is then a Service
//!   whose selector matches no pod, the same mistake read by the same claims.

use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::tree::Node;
use crate::fact::EntityId;

/// The label key standing for a target group's membership.
const TARGET_GROUP: &str = "targetGroup";

/// `arn:aws:elasticloadbalancing:…:targetgroup/web-tg/0c4f1e9a7b2d3e58` → `web-tg`.
pub fn target_group_name(arn: &str) -> Option<&str> {
    let rest = &arn[arn.find("targetgroup/")? + "targetgroup/".len()..];
    let name = rest.split('/').next()?;
    (!name.is_empty()).then_some(name)
}

/// `describe-target-health --target-group-arn ARN`: the group's registered targets as its
/// endpoints (`id:port`), `<none>` when it has none.
pub fn target_health(cx: &mut Cx<'_>, arn: Option<&str>, root: &Node<'_>) {
    let Some(name) = arn.and_then(target_group_name) else { return };
    let Some(descriptions) = root.entry("TargetHealthDescriptions") else { return };
    let group = cx.entity(EntityKind::Service, None, name);
    let span = descriptions.span();
    cx.fact(group, Predicate::Selector, Value::pair(TARGET_GROUP, name), span);
    let targets: Vec<String> = descriptions
        .value
        .items()
        .iter()
        .filter_map(|d| {
            let target = d.get("Target")?;
            let id = target.get("Id")?.str()?;
            Some(match target.get("Port").and_then(Node::str) {
                Some(port) => format!("{id}:{port}"),
                None => id.to_string(),
            })
        })
        .collect();
    let endpoints = if targets.is_empty() { "<none>".to_string() } else { targets.join(",") };
    cx.fact(group, Predicate::Endpoints, Value::text(endpoints), span);
}

/// An ECS service's `loadBalancers[].targetGroupArn`: its tasks are registered into that
/// group, as a pod template's labels put its pods behind a Service.
pub fn registers_into(cx: &mut Cx<'_>, service: EntityId, node: &Node<'_>) {
    for balancer in node.get("loadBalancers").map(Node::items).unwrap_or_default() {
        let Some(entry) = balancer.entry("targetGroupArn") else { continue };
        let Some(name) = entry.value.str().and_then(target_group_name) else { continue };
        cx.fact(service, Predicate::TemplateLabel, Value::pair(TARGET_GROUP, name), entry.span());
    }
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    fn facts(paste: &str) -> Vec<String> {
        crate::test_support::facts_with(paste, &[Predicate::Selector, Predicate::Endpoints, Predicate::TemplateLabel])
    }

    #[test]
    fn a_target_group_without_targets_is_a_service_without_endpoints() {
        let empty = "$ aws elbv2 describe-target-health --target-group-arn arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/api-v2-tg/5a90d3c2\n{\n    \"TargetHealthDescriptions\": []\n}\n";
        assert_eq!(facts(empty), ["service api-v2-tg Selector targetGroup=api-v2-tg", "service api-v2-tg Endpoints <none>"]);
        let text = "$ aws elbv2 describe-target-health --target-group-arn arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/api-tg/0c4f --query 'TargetHealthDescriptions[].[Target.Id,Target.Port,TargetHealth.State]' --output text\n10.0.1.8\t8080\thealthy\n10.0.2.9\t8080\tunhealthy\n";
        assert_eq!(facts(text), ["service api-tg Selector targetGroup=api-tg", "service api-tg Endpoints 10.0.1.8:8080,10.0.2.9:8080"]);
    }

    #[test]
    fn an_ecs_service_carries_the_target_group_it_registers_into() {
        let paste = "$ aws ecs describe-services --cluster prod --services api --query 'services[0].{desired:desiredCount,lb:loadBalancers}'\n{\n  \"desired\": 2,\n  \"lb\": [{\"targetGroupArn\": \"arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/api-tg/0c4f\", \"containerPort\": 8080}]\n}\n";
        assert_eq!(facts(paste), ["deployment api TemplateLabel targetGroup=api-tg"]);
    }
}
