//! AWS Lambda concurrency read as the autoscaler it is (reached through `aws.rs`): a
//! function scales itself one execution environment per concurrent request, up to a
//! ceiling, as an HPA adds replicas up to `maxReplicas`. The function is a Deployment, its
//! scaling an autoscaler of its name, and the ceiling its `MaxReplicas`:
//!
//! - `get-function-concurrency`: `ReservedConcurrentExecutions`;
//! - `list-event-source-mappings` / `get-event-source-mapping`: `ScalingConfig.MaximumConcurrency`,
//!   the most a queue's poller runs it at.
//!
//! How many run is CloudWatch's `ConcurrentExecutions`, read by `derive/capacity.rs` as the
//! autoscaler's current replicas.

use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::tree::Node;

/// Reads one Lambda call's JSON for the function `--function-name` names.
pub fn read(cx: &mut Cx<'_>, operation: &str, function: Option<&str>, root: &Node<'_>) {
    let Some(function) = function.map(|f| f.rsplit(':').next().unwrap_or(f)) else { return };
    let ceiling = match operation {
        "get-function-concurrency" => root.entry("ReservedConcurrentExecutions"),
        "list-event-source-mappings" => root.get("EventSourceMappings").and_then(|m| m.items().first()).and_then(|m| m.get("ScalingConfig")).and_then(|c| c.entry("MaximumConcurrency")),
        "get-event-source-mapping" => root.get("ScalingConfig").and_then(|c| c.entry("MaximumConcurrency")),
        _ => None,
    };
    let Some(entry) = ceiling else { return };
    let Some(max) = entry.value.str().and_then(crate::number::parse_f64) else { return };
    let workload = cx.entity(EntityKind::Deployment, None, function);
    let scaling = cx.entity(EntityKind::HorizontalPodAutoscaler, None, function);
    cx.fact(scaling, Predicate::Scales, Value::Entity(workload), entry.span());
    cx.fact(scaling, Predicate::MaxReplicas, Value::Number(max), entry.span());
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    #[test]
    fn reserved_and_queue_concurrency_are_the_functions_ceiling() {
        let paste = "$ aws lambda get-function-concurrency --function-name thumbs\n{\n    \"ReservedConcurrentExecutions\": 40\n}\n\n$ aws lambda list-event-source-mappings --function-name thumbs --query 'EventSourceMappings[0].{batch:BatchSize,scaling:ScalingConfig}'\n{\n    \"batch\": 5,\n    \"scaling\": {\n        \"MaximumConcurrency\": 20\n    }\n}\n";
        assert_eq!(crate::test_support::values_of(paste, Predicate::MaxReplicas), ["hpa thumbs 40", "hpa thumbs 20"]);
    }
}
