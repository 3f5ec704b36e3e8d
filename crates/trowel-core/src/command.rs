//! Shell command lines as pasted after a prompt: tokens, pipeline stages, and the handful of
//! kubectl/argocd/helm/flux flags that change how the output must be read.

use crate::ascii::Set;
use serde::Serialize;

/// A pasted command line, split into pipeline stages of shell words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Command {
    /// The command line as pasted, prompt removed.
    pub line: String,
    /// Program of the first stage (`kubectl`, `argocd`, …), `sudo`/env assignments skipped;
    /// `k` and `oc` are read as `kubectl`.
    pub program: String,
    /// Words after the program in the first stage.
    pub args: Vec<String>,
    /// Later pipeline stages (`| jq …`, `| tail -8`), each as words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pipes: Vec<Vec<String>>,
}

/// Flags (of kubectl and friends) that take a value as the next word.
const VALUE_FLAGS: &[&str] = &[
    "-n", "--namespace", "-o", "--output", "-l", "--selector", "-c", "--container", "--sort-by", "--context",
    "--cluster", "--kubeconfig", "-f", "--filename", "--tail", "--since", "--field-selector", "--revision",
    "--kube-context", "--max", "--app-namespace", "--server", "-p", "--project", "--template", "--type",
    "--to-revision", "--timeout", "--grpc-web-root-path", "--label-columns", "-L",
];

/// Programs recognised as commands even after a `#` root prompt or with no prompt at all.
pub const KNOWN_PROGRAMS: &[&str] = &[
    "kubectl", "k", "oc", "helm", "argocd", "flux", "kustomize", "docker", "podman", "crane", "skopeo", "curl",
    "wget", "regctl", "jq", "yq", "cat", "less", "head", "tail", "grep", "stern", "journalctl", "systemctl", "openssl", "aws",
    "gcloud", "az", "git", "kubens", "kubectx", "istioctl", "linkerd", "psql", "mysql", "redis-cli", "promtool",
    "velero", "cmctl", "terraform", "nomad", "ls", "echo", "date", "dig", "nslookup", "nc", "ping", "watch", "sudo",
];

impl Command {
    /// Splits a command line into pipeline stages and words (quotes and backslashes as a
    /// POSIX shell reads them; an unterminated quote runs to the end of the line).
    pub fn parse(line: &str) -> Option<Command> {
        // Wiki pages (Confluence, Notion) end a copied heading or code line with a pilcrow
        // anchor, which is no part of the command (`-n shop¶` names namespace `shop`).
        let line = line.trim().trim_end_matches('¶').trim_end();
        let mut stages = split_pipeline(line);
        if let Some(body) = loop_body(&stages) {
            stages = body;
        }
        // `cd /srv/app && docker compose ps`: the directory changed into is no part of what
        // printed the output.
        while stages.len() > 1 && stages[0].first().is_some_and(|w| w == "cd" || w == "pushd") {
            stages.remove(0);
        }
        let mut first = stages.first()?.clone();
        // Runners that fetch and start a package's CLI (`npx wrangler tail`, `pnpm dlx vercel
        // logs`, `bunx netlify status`) run that CLI.
        while first.first().is_some_and(|w| matches!(w.as_str(), "sudo" | "time" | "watch" | "npx" | "bunx") || is_env_assignment(w))
            || first.len() > 2 && matches!((first[0].as_str(), first[1].as_str()), ("pnpm" | "yarn", "dlx") | ("npm", "exec"))
        {
            let wrapper = first.remove(0);
            if matches!(wrapper.as_str(), "pnpm" | "yarn" | "npm") {
                first.remove(0);
            }
            // `npx --yes wrangler …`: the runner's own flags.
            if matches!(wrapper.as_str(), "npx" | "bunx" | "pnpm" | "yarn" | "npm") {
                while first.first().is_some_and(|w| w.starts_with('-')) {
                    first.remove(0);
                }
            }
        }
        if first.is_empty() {
            return None;
        }
        let mut program = first.remove(0);
        if let Some(base) = program.rsplit('/').next() {
            program = base.to_string();
        }
        if program == "k" || program == "oc" {
            program = "kubectl".into();
        }
        Some(Command { line: line.to_string(), program, args: first, pipes: stages[1..].to_vec() })
    }

    /// Positional words of the first stage (flags and their values skipped).
    pub fn positionals(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut words = self.args.iter();
        while let Some(word) = words.next() {
            if word.starts_with('-') && word.len() > 1 {
                if !word.contains('=') && VALUE_FLAGS.contains(&word.as_str()) {
                    words.next();
                }
            } else {
                out.push(word.as_str());
            }
        }
        out
    }

    /// The value of a flag, in any of its spellings: `-n x`, `-nx`, `--namespace x`,
    /// `--namespace=x`, `-o=json`.
    pub fn flag(&self, names: &[&str]) -> Option<&str> {
        self.flag_values(names).into_iter().next()
    }

    /// Every value of a flag that may be given more than once (`-L app -L tier`), in order.
    pub fn flag_values(&self, names: &[&str]) -> Vec<&str> {
        let mut out = Vec::new();
        let mut words = self.args.iter();
        while let Some(word) = words.next() {
            for name in names {
                if word == name {
                    out.extend(words.next().map(String::as_str));
                    break;
                }
                if let Some(rest) = word.strip_prefix(name) {
                    if let Some(value) = rest.strip_prefix('=') {
                        out.push(value);
                        break;
                    }
                    // Short flags take their value glued on: `-ojson`, `-nprod`.
                    if name.len() == 2 && !name.starts_with("--") && !rest.is_empty() {
                        out.push(rest);
                        break;
                    }
                }
            }
        }
        out
    }

    /// The label keys `kubectl get -L`/`--label-columns` adds as the table's last columns.
    pub fn label_columns(&self) -> Vec<&str> {
        let values = self.flag_values(&["-L", "--label-columns"]);
        values.into_iter().flat_map(|v| v.split(',')).map(str::trim).filter(|k| !k.is_empty()).collect()
    }

    pub fn has_flag(&self, names: &[&str]) -> bool {
        self.args.iter().any(|w| names.iter().any(|n| w == n || w.starts_with(&format!("{n}="))))
    }

    /// `-n`/`--namespace` (kubectl, helm, flux), else the namespace a Kubernetes API URL
    /// names (`curl …/api/v1/namespaces/shop/pods`).
    pub fn namespace(&self) -> Option<&str> {
        // Heroku's `-n` is a number of lines; its app (`-a`) holds the dynos as a namespace its pods.
        if self.program == "heroku" {
            return self.flag(&["-a", "--app"]);
        }
        if self.program == "kubectl" || self.api_object().is_none() {
            return self.flag(&["-n", "--namespace"]);
        }
        self.api_object().and_then(|o| o.namespace)
    }

    /// The object or list a Kubernetes (or Argo CD) REST API URL in the command reads:
    /// `curl https://host/api/v1/namespaces/shop/pods?labelSelector=…`,
    /// `…/apis/batch/v1/namespaces/ops/cronjobs/export`, `kubectl get --raw /api/v1/nodes`,
    /// `…/api/v1/applications/shop` (Argo CD). None when no URL names a resource Trowel
    /// knows (Prometheus' `/api/v1/query`, a registry's `/api/v1/repository/…`).
    pub fn api_object(&self) -> Option<ApiObject<'_>> {
        self.args.iter().find_map(|word| ApiObject::parse(word))
    }

    /// `-o`/`--output` value: `wide`, `json`, `yaml`, `jsonpath=…`, `custom-columns=…`.
    pub fn output(&self) -> Option<&str> {
        self.flag(&["-o", "--output"])
    }

    /// The subcommand words: `get`, `rollout history`, `app get`.
    pub fn verb(&self) -> Option<&str> {
        self.positionals().first().copied()
    }

    /// For `kubectl get|describe|logs|rollout …`: the resource type and name, read from
    /// `TYPE NAME`, `TYPE/NAME` or `TYPE1,TYPE2`.
    pub fn resource(&self) -> Option<(&str, Option<&str>)> {
        let words = self.positionals();
        let skip = match words.first().copied()? {
            "rollout" | "set" | "top" | "auth" => 2,
            _ => 1,
        };
        let target = *words.get(skip)?;
        if let Some((kind, name)) = target.split_once('/') {
            return Some((kind, Some(name)));
        }
        Some((target, words.get(skip + 1).copied()))
    }

    /// The filter of the first `jq` stage, if any.
    pub fn jq_filter(&self) -> Option<&str> {
        self.pipes.iter().find(|stage| stage.first().is_some_and(|p| p == "jq" || p == "yq")).and_then(|stage| {
            stage[1..].iter().find(|w| !w.starts_with('-')).map(String::as_str)
        })
    }

    /// The path of `-o jsonpath='{.metadata.annotations}'` when the template prints one field
    /// and nothing else (`.metadata.annotations`, `.status.conditions[0]`: an index is jq's
    /// too), as a jq path; None for templates with text, ranges, wildcards or several fields.
    pub fn jsonpath_field(&self) -> Option<&str> {
        let template = self.output()?.strip_prefix("jsonpath=")?.trim_of(b"'\"");
        let path = template.strip_prefix("{.")?.strip_suffix('}')?;
        let plain = |part: &str| !part.contains_of(b"{}[] \"\\");
        // Every `[` opens a numeric index: `a[0].b` splits into `a`, `0].b`.
        let mut parts = path.split('[');
        let head = parts.next().is_some_and(plain);
        let indices = parts.all(|part| {
            part.split_once(']').is_some_and(|(index, rest)| !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) && plain(rest))
        });
        (!path.is_empty() && head && indices).then(|| &template[1..template.len() - 1])
    }

    /// True when a later stage keeps only the lines that match (`grep`, `egrep`, `rg`): each
    /// line it printed stands alone, cut from the lines around it.
    pub fn grepped(&self) -> bool {
        self.pipes.iter().any(|s| s.first().is_some_and(|p| matches!(p.as_str(), "grep" | "egrep" | "rg")))
    }

    /// True when a later stage may have dropped the first lines of the output, a table's
    /// header among them: a line filter, or `tail` keeping the last lines.
    pub fn may_drop_header(&self) -> bool {
        self.grepped() || self.pipes.iter().any(|s| s.first().is_some_and(|p| p == "tail"))
    }

    /// True when a later stage rewrites the output format (`jq`, `yq`, `column`).
    pub fn reformatted(&self) -> bool {
        self.pipes.iter().any(|s| s.first().is_some_and(|p| p == "jq" || p == "yq" || p == "column"))
    }

    /// The last call of `program` in the pipeline, as a command of its own: what printed the
    /// output (`aws ecs list-tasks … | xargs aws ecs describe-tasks …` printed the second).
    pub fn last_call_of(&self, program: &str) -> Option<Command> {
        let first = std::iter::once(std::iter::once(self.program.as_str()).chain(self.args.iter().map(String::as_str)).collect::<Vec<_>>());
        let stages = first.chain(self.pipes.iter().map(|stage| stage.iter().map(String::as_str).collect()));
        let args = stages.filter_map(|stage: Vec<&str>| stage.iter().position(|w| *w == program).map(|at| stage[at + 1..].iter().map(|w| w.to_string()).collect())).next_back()?;
        Some(Command { line: String::new(), program: program.into(), args, pipes: Vec::new() })
    }
}

/// What a Kubernetes-style REST path names: `[namespaces/NS/]RESOURCE[/NAME[/SUB]]` after
/// `/api/v1` or `/apis/GROUP/VERSION`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiObject<'a> {
    pub namespace: Option<&'a str>,
    /// The resource as the URL spells it (`pods`, `cronjobs`, `applications`).
    pub resource: &'a str,
    pub name: Option<&'a str>,
    /// A subresource (`log`, `status`, `managed-resources`): the response is not the object.
    pub subresource: Option<&'a str>,
}

impl<'a> ApiObject<'a> {
    fn parse(word: &'a str) -> Option<ApiObject<'a>> {
        let path = word.split(['?', '#']).next()?;
        let at = path.find("/api/v1/").map(|i| i + "/api/v1/".len()).or_else(|| {
            // `/apis/GROUP/VERSION/`: skip the group and the version.
            let rest = path.find("/apis/").map(|i| i + "/apis/".len())?;
            let mut slashes = path[rest..].match_indices('/').map(|(i, _)| rest + i + 1);
            slashes.nth(1)
        })?;
        let mut segments = path[at..].split('/').filter(|s| !s.is_empty());
        let mut first = segments.next()?;
        let mut namespace = None;
        if first == "namespaces" {
            let ns = segments.next()?;
            match segments.next() {
                Some(resource) => {
                    namespace = Some(ns);
                    first = resource;
                }
                None => return Some(ApiObject { namespace: None, resource: first, name: Some(ns), subresource: None }),
            }
        }
        let known = !matches!(crate::fact::EntityKind::from_k8s(first), crate::fact::EntityKind::Resource(_))
            || first == "events";
        // The plural a REST path uses, not a kubectl short name (`/api/v1/app` is no kind).
        let plural = first.ends_with('s') || first == "endpoints";
        (known && plural).then(|| ApiObject { namespace, resource: first, name: segments.next(), subresource: segments.next() })
    }
}

fn is_env_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    })
}

/// The command a shell loop runs once per item (`for ctx in a b; do echo "== $ctx"; kubectl
/// --context $ctx get cm x -o json | jq .data; done`), with the stages piped after it: the
/// last statement of the body that is not a filter or a marker (`echo`, `grep`, `jq`).
/// Words holding the loop's variable (`$ctx`, `job/etl-$j`) differ per item and name
/// nothing: they are dropped, with the flag they are the value of.
fn loop_body(stages: &[Vec<String>]) -> Option<Vec<Vec<String>>> {
    const NOT_MAIN: &[&str] = &["echo", "printf", "jq", "yq", "grep", "egrep", "head", "tail", "sed", "awk", "sort", "uniq", "cut", "tr", "wc", "column", "tee", "sleep", "true", "done"];
    if !stages.first()?.first().is_some_and(|w| matches!(w.as_str(), "for" | "while" | "until")) {
        return None;
    }
    let open = stages.iter().position(|s| s.first().is_some_and(|w| w == "do"))?;
    let mut body: Vec<Vec<String>> = stages[open..].to_vec();
    body[0].remove(0);
    body.retain(|s| !s.is_empty() && !(s.len() == 1 && s[0] == "done"));
    let main = body.iter().rposition(|s| !NOT_MAIN.contains(&s[0].as_str()))?;
    let mut first = Vec::new();
    for word in body[main].iter() {
        if word.contains('$') {
            if first.last().is_some_and(|flag: &String| VALUE_FLAGS.contains(&flag.as_str())) {
                first.pop();
            }
            continue;
        }
        first.push(word.clone());
    }
    Some(std::iter::once(first).chain(body[main + 1..].iter().cloned()).collect())
}

fn split_pipeline(line: &str) -> Vec<Vec<String>> {
    let mut stages = vec![Vec::new()];
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' if chars.peek().is_some_and(|n| matches!(n, '"' | '\\' | '$' | '`')) => {
                            word.extend(chars.next());
                        }
                        _ => word.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            '|' | ';' | '&' => {
                if in_word {
                    stages.last_mut().expect("stages starts non-empty").push(std::mem::take(&mut word));
                    in_word = false;
                }
                // `||`, `&&` and `;` end the stage just like a pipe for our purposes.
                while chars.peek().is_some_and(|n| *n == '|' || *n == '&') {
                    chars.next();
                }
                if !stages.last().is_some_and(Vec::is_empty) {
                    stages.push(Vec::new());
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    stages.last_mut().expect("stages starts non-empty").push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        stages.last_mut().expect("stages starts non-empty").push(word);
    }
    stages.retain(|s| !s.is_empty());
    stages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_changed_into_first_is_no_part_of_the_command() {
        let c = Command::parse("cd /opt/ledger && docker compose ps").unwrap();
        assert_eq!((c.program.as_str(), c.positionals()), ("docker", vec!["compose", "ps"]));
        assert_eq!(Command::parse("cd /tmp").map(|c| c.program), Some("cd".to_string()));
    }

    #[test]
    fn a_package_runner_runs_the_cli_it_names() {
        for line in ["npx wrangler tail web --format pretty", "npx --yes wrangler tail web --format pretty", "pnpm dlx wrangler tail web --format pretty", "npm exec wrangler tail web --format pretty"] {
            let c = Command::parse(line).unwrap();
            assert_eq!((c.program.as_str(), &c.positionals()[..2]), ("wrangler", &["tail", "web"][..]), "{line}");
        }
        assert_eq!(Command::parse("npm ci").map(|c| c.program), Some("npm".to_string()));
        assert_eq!(Command::parse("npx").map(|c| c.program), None);
    }

    #[test]
    fn a_loop_is_the_command_it_runs_per_item() {
        let c = Command::parse("for ctx in eu us; do echo \"---- $ctx\"; kubectl --context $ctx -n shop get cm web -o jsonpath='{.data}' | jq -S .; done").unwrap();
        assert_eq!((c.program.as_str(), c.positionals()), ("kubectl", vec!["get", "cm", "web"]));
        assert_eq!((c.flag(&["-n"]), c.flag(&["--context"]), c.pipes.len()), (Some("shop"), None, 1));
        let c = Command::parse("for j in 1 2; do kubectl -n etl logs job/load-$j | grep summary; done").unwrap();
        assert_eq!(c.positionals(), ["logs"]);
        assert_eq!(Command::parse("for x in a; do echo $x; done").map(|c| c.program), Some("for".to_string()));
    }

    #[test]
    fn a_kubernetes_api_url_names_the_resource_it_reads() {
        let api = |line: &str| Command::parse(line).and_then(|c| c.api_object().map(|o| (o.namespace.map(str::to_string), o.resource.to_string(), o.name.map(str::to_string), o.subresource.map(str::to_string))));
        let pods = api(r#"curl -sk -H "Authorization: Bearer $T" "https://10.96.0.1/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb" | jq -c '.items[]'"#);
        assert_eq!(pods, Some((Some("shop".into()), "pods".into(), None, None)));
        let cronjob = api("curl -s https://k/apis/batch/v1/namespaces/ops/cronjobs/export | jq .spec");
        assert_eq!(cronjob, Some((Some("ops".into()), "cronjobs".into(), Some("export".into()), None)));
        let log = api("curl -s 'https://k/api/v1/namespaces/ops/pods/web-1/log?previous=true'");
        assert_eq!(log, Some((Some("ops".into()), "pods".into(), Some("web-1".into()), Some("log".into()))));
        assert_eq!(api("kubectl get --raw /api/v1/nodes").map(|o| o.1), Some("nodes".into()));
        assert_eq!(api("curl -s https://cd.example/api/v1/applications/shop").map(|o| o.2), Some(Some("shop".into())));
        // Other HTTP APIs under `/api/v1/` name no Kubernetes resource.
        assert_eq!(api("curl -s 'http://prometheus:9090/api/v1/query?query=up'"), None);
        assert_eq!(api("curl -s https://quay.io/api/v1/repository/acme/web/tag/"), None);
        let ns = Command::parse("curl -s https://k/api/v1/namespaces/shop/events").unwrap();
        assert_eq!(ns.namespace(), Some("shop"));
    }

    #[test]
    fn a_one_field_jsonpath_is_a_path() {
        let field = |line: &str| Command::parse(line).and_then(|c| c.jsonpath_field().map(str::to_string));
        assert_eq!(field("kubectl get cronjob x -o jsonpath='{.metadata.annotations}'").as_deref(), Some(".metadata.annotations"));
        assert_eq!(field("kubectl get cronjob x -o jsonpath='{.spec.suspend}{\"\\n\"}'"), None);
        assert_eq!(field("kubectl get pods -o jsonpath='{.items[*].metadata.name}'"), None);
        assert_eq!(field("kubectl get pod x -o jsonpath='{.status.conditions[0]}'").as_deref(), Some(".status.conditions[0]"));
        assert_eq!(field("kubectl get pods -o json"), None);
    }

    #[test]
    fn reads_kubectl_flags_in_every_spelling() {
        let cmd = Command::parse("kubectl get deploy billing-api -n payments -o wide").unwrap();
        assert_eq!(cmd.program, "kubectl");
        assert_eq!(cmd.namespace(), Some("payments"));
        assert_eq!(cmd.output(), Some("wide"));
        assert_eq!(cmd.resource(), Some(("deploy", Some("billing-api"))));
        let cmd = Command::parse("k -nprod get pods/web-1 -ojson").unwrap();
        assert_eq!((cmd.namespace(), cmd.output()), (Some("prod"), Some("json")));
        assert_eq!(cmd.resource(), Some(("pods", Some("web-1"))));
        let cmd = Command::parse("kubectl rollout history deployment web --namespace=shop").unwrap();
        assert_eq!(cmd.resource(), Some(("deployment", Some("web"))));
        assert_eq!(cmd.namespace(), Some("shop"));
    }

    #[test]
    fn a_wiki_pilcrow_after_the_command_is_not_part_of_its_last_word() {
        let cmd = Command::parse("flux get helmreleases -n revenue¶").unwrap();
        assert_eq!(cmd.namespace(), Some("revenue"));
        assert_eq!(cmd.line, "flux get helmreleases -n revenue");
    }

    #[test]
    fn splits_pipes_and_keeps_quoted_templates_whole() {
        let cmd = Command::parse(
            r#"kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{end}' | tail -8"#,
        )
        .unwrap();
        assert_eq!(cmd.output(), Some(r#"jsonpath={range .items[*]}{.metadata.name}{"\t"}{end}"#));
        assert_eq!(cmd.pipes, vec![vec!["tail".to_string(), "-8".to_string()]]);
        let cmd = Command::parse("argocd app get shop --output json | jq '{sync: .status.sync.status}'").unwrap();
        assert_eq!(cmd.jq_filter(), Some("{sync: .status.sync.status}"));
        assert!(cmd.reformatted());
    }
}
