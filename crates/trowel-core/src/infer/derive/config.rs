//! Claims about configuration: one identity defined twice with different values, values
//! that name another environment, which definition wins, and when config changed.

use crate::ascii::Set;
use crate::artifact::{ArtifactId, ArtifactKind};
use crate::fact::{EntityId, EntityKind, Fact, FactId, Predicate};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::kb::{env_of, Env, Kb};

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    let context = context_env(kb);
    for object in config_objects(kb) {
        if !duplicates(kb, claims, object, context) {
            applied_twice(kb, claims, object);
        }
        foreign_values(kb, claims, object, context);
        foreign_definitions(kb, claims, object, context);
        included_foreign_files(kb, claims, object, context);
    }
    changes(kb, claims);
}

/// ConfigMaps, Secrets and custom kinds that are configuration, with any facts, in
/// first-seen order.
fn config_objects(kb: &Kb<'_>) -> Vec<EntityId> {
    let mut out = Vec::new();
    for fact in kb.with(Predicate::ConfigValue).chain(kb.with(Predicate::DefinedIn)) {
        let kind = &kb.entity(fact.subject).kind;
        if kind.carries_config() && !out.contains(&fact.subject) {
            out.push(fact.subject);
        }
    }
    out
}

/// The environment the system itself runs in: what namespaces, overlay paths and GitOps
/// apps say; production when nothing says otherwise (incidents are pasted from production).
pub fn context_env(kb: &Kb<'_>) -> Env {
    let mut votes: Vec<Env> = kb.namespaces().iter().filter_map(|ns| env_of(ns)).collect();
    for artifact in &kb.ingest.artifacts {
        if let Some(path) = &artifact.path {
            // A file that is itself one environment's variant says nothing about where we run.
            if path.contains("overlays/") || path.contains("envs/") || path.contains("environments/") {
                votes.extend(env_of(path));
            }
        }
    }
    for fact in kb.with(Predicate::SyncStatus) {
        votes.extend(env_of(&kb.entity(fact.subject).name));
    }
    let prod = votes.iter().filter(|e| **e == Env::Production).count();
    match votes.iter().find(|e| **e != Env::Production) {
        Some(other) if votes.iter().filter(|e| *e == other).count() > prod => *other,
        _ => Env::Production,
    }
}

/// Where one definition is stated: its artifact, and the file within it when the artifact
/// holds lines of several files that define the object (`grep -rn … deploy/`).
type Place<'a> = (ArtifactId, Option<&'a str>);

/// Groups an object's config values by the artifact (file) that states them; the lines of
/// several files in one artifact by the file whose `DefinedIn` comes last above the value.
fn definitions<'a>(kb: &Kb<'a>, object: EntityId) -> Vec<(Place<'a>, Vec<&'a Fact>)> {
    let files: Vec<&'a Fact> = kb.about(object, Predicate::DefinedIn).filter(|f| f.value.as_text().is_some_and(|p| !p.contains(' '))).collect();
    let mut out: Vec<(Place<'a>, Vec<&Fact>)> = Vec::new();
    for fact in kb.about(object, Predicate::ConfigValue) {
        let here: Vec<&&Fact> = files.iter().filter(|f| f.artifact == fact.artifact).collect();
        let several = here.iter().any(|f| f.value.as_text() != here[0].value.as_text());
        let file = here.iter().filter(|f| several && f.span.start <= fact.span.start).max_by_key(|f| f.span.start).and_then(|f| f.value.as_text());
        let place = (fact.artifact, file);
        match out.iter_mut().find(|(p, _)| *p == place) {
            Some((_, facts)) => facts.push(fact),
            None => out.push((place, vec![fact])),
        }
    }
    out
}

/// A definition's name: its file, else its artifact's path or title.
fn place_name(kb: &Kb<'_>, (artifact, file): Place<'_>) -> String {
    file.map_or_else(|| artifact_name(kb, artifact), str::to_string)
}

/// Claims an identity defined more than once with different values; true when it did.
fn duplicates(kb: &Kb<'_>, claims: &mut Claims, object: EntityId, context: Env) -> bool {
    let defs = definitions(kb, object);
    // The same file pasted twice is two versions of one definition, not two definitions.
    let mut sources: Vec<String> = defs.iter().map(|(p, _)| place_name(kb, *p)).collect();
    crate::sort::natural(&mut sources);
    sources.dedup();
    if defs.len() < 2 || sources.len() < 2 {
        return false;
    }
    let mut keys = Vec::new();
    let mut rests_on: Vec<FactId> = kb.about(object, Predicate::DefinedIn).map(|f| f.id).collect();
    for (_, facts) in &defs {
        for fact in facts {
            let Some((key, value)) = fact.value.as_pair() else { continue };
            let differs = defs.iter().any(|(_, other)| {
                other.iter().filter_map(|f| f.value.as_pair()).any(|(k, v)| k == key && v != value)
            });
            if differs {
                if !keys.iter().any(|k| k == key) {
                    keys.push(key.to_string());
                }
                rests_on.push(fact.id);
            }
        }
    }
    if keys.is_empty() {
        return false;
    }
    let entity = kb.entity(object);
    let places: Vec<String> = defs.iter().map(|(p, _)| place_name(kb, *p)).collect();
    let statement = format!(
        "{} {} is defined {} times with different {} ({})",
        crate::infer::kb::kind_title(&entity.kind),
        entity.name,
        defs.len(),
        keys.join(", "),
        places.join(" vs ")
    );
    claims.add(ClaimKind::DuplicateIdentity { object, keys }, statement, rests_on, Some(object), None);
    later_wins(kb, claims, object, &defs, context);
    true
}

/// Writes of one object this close together are one apply run, not two deploys.
const ONE_RUN_SECONDS: f64 = 5.0;

/// `kubectl apply -R -f dir/` prints a line for every object of every file it applies: one
/// ConfigMap or Secret `configured` twice in one run means two manifests define it, and the
/// one applied last is what is live (which of them is not in those lines). The run is the
/// command's own output, or the same lines inside a CI console (Jenkins, GitLab) up to the
/// next kubectl command it echoes. An audit log shows the same run as two timed writes of
/// the object seconds apart.
fn applied_twice(kb: &Kb<'_>, claims: &mut Claims, object: EntityId) {
    let mut runs: Vec<(ArtifactId, Vec<FactId>)> = Vec::new();
    let mut timed: Vec<&Fact> = Vec::new();
    let mut last_console_line: Option<&Fact> = None;
    for fact in kb.about(object, Predicate::Changed) {
        let printed_by_kubectl = fact.time.is_none() && crate::parse::changes::change(kb.quote(fact)).is_some();
        if printed_by_kubectl && kb.ingest.artifacts[fact.artifact.0 as usize].kind != ArtifactKind::Changes {
            let same_run = last_console_line.is_some_and(|prior| prior.artifact == fact.artifact && !echoes_kubectl(kb.paste.get(prior.span.end as usize..fact.span.start as usize).unwrap_or_default()));
            match runs.last_mut() {
                Some((_, facts)) if same_run => facts.push(fact.id),
                _ => runs.push((fact.artifact, vec![fact.id])),
            }
            last_console_line = Some(fact);
            continue;
        }
        if kb.ingest.artifacts[fact.artifact.0 as usize].kind != ArtifactKind::Changes {
            // A secret operator's report of its refresh (`status.refreshTime`) dates the write
            // its managedFields also show: the same write told twice, not a second apply.
            if fact.time.is_some() && fact.value.as_text() != Some("refreshed") {
                timed.push(fact);
            }
            continue;
        }
        match runs.iter_mut().find(|(a, _)| *a == fact.artifact) {
            Some((_, facts)) => facts.push(fact.id),
            None => runs.push((fact.artifact, vec![fact.id])),
        }
    }
    timed.sort_by_key(|f| f.time);
    if let Some(pair) = timed.windows(2).find(|w| w[0].time.zip(w[1].time).is_some_and(|(a, b)| a.seconds_until(b) <= ONE_RUN_SECONDS)) {
        runs.push((pair[1].artifact, vec![pair[0].id, pair[1].id]));
    }
    // `unchanged` states no change, so it is no fact; but an apply output that names the
    // object twice applied two manifests of it all the same.
    let applied = |(artifact, facts): &(ArtifactId, Vec<FactId>)| {
        let printed = if kb.ingest.artifacts[artifact.0 as usize].kind == ArtifactKind::Changes { apply_lines_naming(kb, *artifact, object) } else { 0 };
        facts.len().max(printed)
    };
    let Some((times, rests_on)) = runs.into_iter().map(|run| (applied(&run), run.1)).find(|(times, _)| *times >= 2) else { return };
    let entity = kb.entity(object);
    let statement = format!(
        "{} {} was applied {times} times in one run: more than one manifest defines it, and the last one applied is live",
        crate::infer::kb::kind_title(&entity.kind),
        entity.name,
    );
    claims.add(ClaimKind::DuplicateIdentity { object, keys: Vec::new() }, statement, rests_on, Some(object), None);
}

/// How many lines of an apply output name the object, whatever their verb.
fn apply_lines_naming(kb: &Kb<'_>, artifact: ArtifactId, object: EntityId) -> usize {
    let entity = kb.entity(object);
    let body = kb.ingest.artifacts[artifact.0 as usize].body;
    let text = kb.paste.get(body.start as usize..body.end as usize).unwrap_or_default();
    text.lines()
        .filter_map(|line| crate::parse::changes::change(line.trim()))
        .filter(|(kind, name, _)| *name == entity.name && crate::fact::EntityKind::from_k8s(kind).same_resource(&entity.kind))
        .count()
}

/// A CI console line that runs kubectl (`+ kubectl apply …`, `$ kubectl …`) starts a new run.
fn echoes_kubectl(text: &str) -> bool {
    text.lines().any(|line| line.trim_start_of(b"$+> ").starts_with("kubectl "))
}

/// `kubectl apply -f dir/` applies files in lexical (byte) order, so of two files in one
/// directory the later name wins. Whether that helps or hurts the crossover story depends on
/// which definition holds the foreign values, which the claim records.
fn later_wins(kb: &Kb<'_>, claims: &mut Claims, object: EntityId, defs: &[(Place<'_>, Vec<&Fact>)], context: Env) {
    let paths: Vec<(&str, Place<'_>)> =
        defs.iter().filter_map(|(place, _)| place.1.or(kb.ingest.artifacts[place.0 .0 as usize].path.as_deref()).map(|p| (p, *place))).collect();
    if paths.len() != defs.len() {
        return;
    }
    let dir = |p: &str| p.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default();
    // Files at the top of a repository (`render.yaml`, `render.staging.yaml`) are blueprints
    // a platform reads by name, not a manifest directory `kubectl apply -f` walks.
    if paths.iter().any(|(p, _)| dir(p) != dir(paths[0].0) || !p.contains('/')) {
        return;
    }
    let Some((winner, place)) = paths.iter().max_by_key(|(p, _)| p.as_bytes()) else { return };
    let foreign = defs.iter().filter(|(p, _)| p == place).flat_map(|(_, facts)| facts).any(|f| {
        f.value.as_pair().and_then(|(_, v)| env_of(v)).is_some_and(|e| e != context && e != Env::Production)
    });
    let rests_on: Vec<FactId> =
        kb.about(object, Predicate::DefinedIn).filter(|f| f.artifact == place.0 && place.1.is_none_or(|file| f.value.as_text() == Some(file))).map(|f| f.id).collect();
    if rests_on.is_empty() {
        return;
    }
    let file = winner.rsplit('/').next().unwrap_or(winner);
    let statement = if foreign {
        format!("`kubectl apply -f {}/` applies files in name order, so {file} — the one with the other environment's values — is applied last and wins", dir(winner))
    } else {
        format!("`kubectl apply -f {}/` would apply {file} last (name order), and it holds the production values — so the foreign values won only if that file was applied on its own", dir(winner))
    };
    claims.add(ClaimKind::LaterDefinitionWins { object, winner: winner.to_string(), foreign }, statement, rests_on, Some(object), None);
}

fn foreign_values(kb: &Kb<'_>, claims: &mut Claims, object: EntityId, context: Env) {
    let entity = kb.entity(object);
    if own_env(kb, object).is_some_and(|e| e != context) {
        return;
    }
    for fact in kb.about(object, Predicate::ConfigValue) {
        let Some((key, value)) = fact.value.as_pair() else { continue };
        let Some(env) = env_of(value).filter(|e| *e != context && *e != Env::Production) else { continue };
        let statement = format!(
            "{key} = \"{value}\" in {} {} names the {} environment, not {}",
            crate::infer::kb::kind_title(&entity.kind),
            entity.name,
            env.name(),
            context.name()
        );
        let mut rests_on = vec![fact.id];
        rests_on.extend(kb.about(object, Predicate::DefinedIn).filter(|f| f.artifact == fact.artifact).map(|f| f.id));
        claims.add(
            ClaimKind::ForeignEnvValue { object, key: key.to_string(), value: value.to_string(), env: env.name() },
            statement,
            rests_on,
            Some(object),
            None,
        );
    }
}

/// An object defined more than once (or applied twice in one run) whose definition file
/// sits under another environment's directory or carries its name: that file's values are
/// among the definitions, even when the paste does not show them. A single file of another
/// environment says nothing by itself: every repository holds staging manifests.
fn foreign_definitions(kb: &Kb<'_>, claims: &mut Claims, object: EntityId, context: Env) {
    let duplicated = claims.all().iter().any(|c| matches!(&c.kind, ClaimKind::DuplicateIdentity { object: o, .. } if *o == object));
    // A value naming the environment already says which definition is foreign, and more.
    let value_says = claims.all().iter().any(|c| matches!(&c.kind, ClaimKind::ForeignEnvValue { object: o, .. } if *o == object));
    if !duplicated || value_says || own_env(kb, object).is_some_and(|e| e != context) {
        return;
    }
    for fact in kb.about(object, Predicate::DefinedIn) {
        // Only file paths: a command (`kubectl get …`, `git show …`) is where a copy was read.
        let Some(path) = fact.value.as_text().filter(|p| !p.contains(' ')) else { continue };
        let Some(env) = env_of(path).filter(|e| *e != context && *e != Env::Production) else { continue };
        let entity = kb.entity(object);
        let statement = format!(
            "{} {} is also defined in {path}, a {} file",
            crate::infer::kb::kind_title(&entity.kind),
            entity.name,
            env.name()
        );
        claims.add(ClaimKind::ForeignEnvDefinition { object, path: path.to_string(), env: env.name(), included: false }, statement, vec![fact.id], Some(object), None);
    }
}

/// A kustomization of this environment that lists another environment's file among its
/// resources (`- ../staging/app-config.yaml` in `overlays/prod/kustomization.yaml`) applies
/// that file's objects with its own: the foreign definition is the live one, even when the
/// paste shows no other definition beside it.
fn included_foreign_files(kb: &Kb<'_>, claims: &mut Claims, object: EntityId, context: Env) {
    // A value naming the environment already says which definition is foreign, and more.
    let value_says = claims.all().iter().any(|c| matches!(&c.kind, ClaimKind::ForeignEnvValue { object: o, .. } if *o == object));
    if value_says || own_env(kb, object).is_some_and(|e| e != context) {
        return;
    }
    for definition in kb.about(object, Predicate::DefinedIn) {
        let Some(path) = definition.value.as_text().filter(|p| !p.contains(' ')) else { continue };
        let Some(env) = env_of(path).filter(|e| *e != context && *e != Env::Production) else { continue };
        let including = kb.with(Predicate::Includes).find(|inc| {
            let kustomization = kb.entity(inc.subject);
            kustomization.kind == EntityKind::Kustomization
                && env_of(&kustomization.name).is_none_or(|e| e != env)
                && inc.value.as_text().is_some_and(|file| joined(&kustomization.name, file) == normalized(path))
        });
        let said = claims.all().iter().any(|c| matches!(&c.kind, ClaimKind::ForeignEnvDefinition { object: o, path: p, .. } if *o == object && p == path));
        let Some(including) = including.filter(|_| !said) else { continue };
        let entity = kb.entity(object);
        let statement = format!(
            "{} {} is defined in {path}, a {} file, which kustomization {} includes among its resources",
            crate::infer::kb::kind_title(&entity.kind),
            entity.name,
            env.name(),
            kb.entity(including.subject).name
        );
        claims.add(ClaimKind::ForeignEnvDefinition { object, path: path.to_string(), env: env.name(), included: true }, statement, vec![definition.id, including.id], Some(object), None);
    }
}

/// `dir/file` with `.` and `..` resolved: `overlays/prod` joined with `../staging/x.yaml` is
/// `overlays/staging/x.yaml`.
fn joined(dir: &str, file: &str) -> String {
    normalized(&format!("{dir}/{file}"))
}

fn normalized(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// The environment an object's own name or namespace names (`orders-staging`, `qa`).
fn own_env(kb: &Kb<'_>, object: EntityId) -> Option<Env> {
    let entity = kb.entity(object);
    env_of(&entity.name).or_else(|| entity.namespace.as_deref().and_then(env_of))
}

fn changes(kb: &Kb<'_>, claims: &mut Claims) {
    for fact in kb.with(Predicate::Changed) {
        let entity = kb.entity(fact.subject);
        if !entity.kind.carries_config() {
            continue;
        }
        let verb = fact.value.as_text().unwrap_or("changed").to_string();
        let when = fact.time.map(|t| format!(" at {t}")).unwrap_or_default();
        let statement = format!("{} {} was {verb}{when}", crate::infer::kb::kind_title(&entity.kind), entity.name);
        claims.add(ClaimKind::ConfigChanged { object: fact.subject, verb }, statement, vec![fact.id], Some(fact.subject), fact.time);
    }
}

fn artifact_name(kb: &Kb<'_>, id: ArtifactId) -> String {
    let artifact = &kb.ingest.artifacts[id.0 as usize];
    artifact.path.clone().or_else(|| artifact.title.clone()).unwrap_or_else(|| format!("lines {}", kb.lines.line(artifact.body.start)))
}

#[cfg(test)]
mod tests {
    use crate::infer::claim::ClaimKind;

    fn duplicate_statements(paste: &str) -> Vec<String> {
        crate::infer::derive::with_claims(paste, |_, claims| {
            claims.all().iter().filter(|c| matches!(c.kind, ClaimKind::DuplicateIdentity { .. })).map(|c| c.statement.clone()).collect()
        })
    }

    #[test]
    fn an_audit_log_with_two_writes_of_a_config_map_in_one_run_shows_both_definitions() {
        let write = |at: &str, env: &str| {
            format!("{{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"verb\":\"patch\",\"objectRef\":{{\"resource\":\"configmaps\",\"namespace\":\"pay\",\"name\":\"billing-settings\"}},\"responseStatus\":{{\"code\":200}},\"requestObject\":{{\"data\":{{\"DB_HOST\":\"billing-db{env}.internal\"}}}},\"requestReceivedTimestamp\":\"2025-04-17T07:08:{at}Z\"}}\n")
        };
        let paste = format!("{}{}", write("42.011", ""), write("42.187", "-qa"));
        let kinds = crate::infer::derive::with_claims(&paste, |_, claims| claims.all().iter().map(|c| format!("{:?}", c.kind)).collect::<Vec<_>>());
        assert!(kinds.iter().any(|k| k.starts_with("DuplicateIdentity")), "{kinds:?}");
        assert!(kinds.iter().any(|k| k.starts_with("ForeignEnvValue") && k.contains("billing-db-qa")), "{kinds:?}");
        assert!(kinds.iter().any(|k| k.starts_with("ConfigChanged")), "{kinds:?}");
    }

    #[test]
    fn one_grep_over_a_directory_shows_each_files_definition() {
        let file = |name: &str, db: &str| {
            format!("k8s/pay/{name}-3-metadata:\nk8s/pay/{name}:4:  name: billing-settings\nk8s/pay/{name}-5-  namespace: pay\nk8s/pay/{name}-6-data:\nk8s/pay/{name}-7-  DB_HOST: {db}\n")
        };
        let paste = format!("$ grep -rn -B1 -A3 'name: billing-settings' k8s/\n{}--\n{}", file("configmap.yaml", "billing-db.internal"), file("qa-copy-configmap.yaml", "billing-db-qa.internal"));
        let statements = duplicate_statements(&paste);
        assert_eq!(statements.len(), 1, "{statements:?}");
        assert!(statements[0].contains("k8s/pay/configmap.yaml vs k8s/pay/qa-copy-configmap.yaml"), "{}", statements[0]);
        let kinds = crate::infer::derive::with_claims(&paste, |_, claims| claims.all().iter().map(|c| format!("{:?}", c.kind)).collect::<Vec<_>>());
        assert!(kinds.iter().any(|k| k.starts_with("LaterDefinitionWins") && k.contains("qa-copy-configmap.yaml") && k.contains("foreign: true")), "{kinds:?}");
        // One file's lines in a grep are one definition, whatever it holds.
        let one = format!("$ grep -rn -B1 -A3 'name: billing-settings' k8s/\n{}", file("configmap.yaml", "billing-db.internal"));
        assert!(duplicate_statements(&one).is_empty());
    }

    #[test]
    fn one_config_map_configured_twice_in_one_apply_run_has_two_manifests() {
        let live = "$ kubectl get cm billing-settings -n pay -o yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: billing-settings\n  namespace: pay\ndata:\n  DB_HOST: billing-db-qa.internal\n";
        let twice = format!("{live}\n$ kubectl apply -R -f deploy/pay/\nconfigmap/billing-settings configured\nconfigmap/billing-settings configured\ndeployment.apps/billing configured\n");
        let statements = duplicate_statements(&twice);
        assert_eq!(statements.len(), 1, "{statements:?}");
        assert!(statements[0].contains("applied 2 times in one run"), "{}", statements[0]);
        // Once per run is an ordinary apply; the same line in two runs is two applies.
        let once = format!("{live}\n$ kubectl apply -f deploy/pay/\nconfigmap/billing-settings configured\n\n$ kubectl apply -f deploy/pay/\nconfigmap/billing-settings configured\n");
        assert!(duplicate_statements(&once).is_empty());
    }

    #[test]
    fn a_ci_console_applying_a_config_map_twice_from_a_sandbox_file_applied_a_foreign_definition() {
        let console = "Jenkins deploy #12\n[Pipeline] stage (Apply)\n+ kubectl apply -R -f deploy/connect/ -n ingest\nconfigmap/sink configured\nservice/connect unchanged\nconfigmap/sink configured\n[Pipeline] End of Pipeline\nFinished: SUCCESS\n";
        let file = "\n$ head -5 deploy/connect/sandbox/sink.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sink\n  namespace: ingest\n";
        let kinds = |paste: &str| crate::infer::derive::with_claims(paste, |_, claims| claims.all().iter().map(|c| format!("{:?}", c.kind)).collect::<Vec<_>>());
        let both = kinds(&format!("{console}{file}"));
        assert!(both.iter().any(|k| k.starts_with("DuplicateIdentity")), "{both:?}");
        assert!(both.iter().any(|k| k.starts_with("ForeignEnvDefinition") && k.contains("sandbox/sink.yaml")), "{both:?}");
        // Two runs echoed by one console are two applies; a sandbox file alone is no crossover.
        let two_runs = console.replace("service/connect unchanged", "+ kubectl apply -f deploy/connect/extra/ -n ingest");
        let apart = kinds(&format!("{two_runs}{file}"));
        assert!(!apart.iter().any(|k| k.starts_with("DuplicateIdentity") || k.starts_with("ForeignEnvDefinition")), "{apart:?}");
    }

    #[test]
    fn a_kustomization_including_another_environments_file_makes_it_a_foreign_definition() {
        let paste = "$ grep -rn -B1 -A3 'name: app-config$' overlays/ base/\n\
overlays/staging/app-config.yaml-3-metadata:\noverlays/staging/app-config.yaml:4:  name: app-config\noverlays/staging/app-config.yaml-5-  namespace: shop\noverlays/staging/app-config.yaml-6-data:\n--\n\
base/app/configmap.yaml-3-metadata:\nbase/app/configmap.yaml:4:  name: app-config\nbase/app/configmap.yaml-5-  namespace: shop\nbase/app/configmap.yaml-6-data:\n\n\
$ cat overlays/prod/kustomization.yaml\nresources:\n  - ../../base/app\n  - ../staging/app-config.yaml\n";
        let kinds = |paste: &str| crate::infer::derive::with_claims(paste, |_, claims| claims.all().iter().map(|c| format!("{:?}", c.kind)).collect::<Vec<_>>());
        let found = kinds(paste);
        assert!(found.iter().any(|k| k.starts_with("ForeignEnvDefinition") && k.contains("overlays/staging/app-config.yaml")), "{found:?}");
        // The staging overlay including its own file is no crossover.
        let own = paste.replace("overlays/prod/kustomization.yaml", "overlays/staging/kustomization.yaml").replace("../staging/app-config.yaml", "app-config.yaml");
        assert!(!kinds(&own).iter().any(|k| k.starts_with("ForeignEnvDefinition")), "{:?}", kinds(&own));
        assert_eq!(super::joined("overlays/prod", "../staging/x.yaml"), "overlays/staging/x.yaml");
    }

    #[test]
    fn an_apply_run_naming_an_object_unchanged_then_configured_applied_two_manifests() {
        let live = "$ kubectl get cm billing-settings -n pay -o yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: billing-settings\n  namespace: pay\ndata:\n  DB_HOST: billing-db-qa.internal\n";
        let run = format!("{live}\n$ kubectl apply -R -f deploy/pay/ -n pay\nconfigmap/billing-settings unchanged\nconfigmap/billing-settings configured\n");
        let statements = duplicate_statements(&run);
        assert_eq!(statements.len(), 1, "{statements:?}");
        assert!(statements[0].contains("applied 2 times in one run"), "{}", statements[0]);
        let once = format!("{live}\n$ kubectl apply -R -f deploy/pay/ -n pay\nconfigmap/billing-settings configured\nconfigmap/other unchanged\n");
        assert!(duplicate_statements(&once).is_empty());
    }

    #[test]
    fn a_custom_kind_that_is_configuration_with_another_environments_value_is_a_crossover() {
        let live = "$ kubectl get alertmanagerconfig routing -n mon -o yaml\napiVersion: monitoring.coreos.com/v1alpha1\nkind: AlertmanagerConfig\nmetadata:\n  name: routing\n  namespace: mon\nspec:\n  route:\n    receiver: slack-staging\n";
        let applied = format!("{live}\n$ kubectl apply -R -f monitoring/\nalertmanagerconfig.monitoring.coreos.com/routing configured\n");
        let kinds = crate::infer::derive::with_claims(&applied, |_, claims| claims.all().iter().map(|c| format!("{:?}", c.kind)).collect::<Vec<_>>());
        assert!(kinds.iter().any(|k| k.starts_with("ForeignEnvValue") && k.contains("route.receiver")), "{kinds:?}");
        // The apply line's spelling of the kind is the same object, so its change is the config's.
        assert!(kinds.iter().any(|k| k.starts_with("ConfigChanged")), "{kinds:?}");
        // A custom kind that is not configuration states no config values.
        let other = live.replace("AlertmanagerConfig", "Alertmanager");
        let kinds = crate::infer::derive::with_claims(&other, |_, claims| claims.all().iter().map(|c| format!("{:?}", c.kind)).collect::<Vec<_>>());
        assert!(!kinds.iter().any(|k| k.starts_with("ForeignEnvValue")), "{kinds:?}");
    }
}
