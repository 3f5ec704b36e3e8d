//! Pastes bundled with the app, to try Trowel without an incident at hand: the two reference
//! incidents and fixtures from the test suite (real behaviour, not demos made for the UI).

pub struct Example {
    pub title: &'static str,
    pub text: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        title: "The deploy that didn't deploy (Kubernetes, Argo CD, CI)",
        text: include_str!("../../../fixtures/seeds/deploy-that-didnt-deploy.txt"),
    },
    Example {
        title: "The job that succeeded wrong (Jobs, ConfigMaps, metrics)",
        text: include_str!("../../../fixtures/seeds/job-that-succeeded-wrong.txt"),
    },
];

#[cfg(test)]
mod tests {
    #[test]
    fn every_example_has_a_title_and_text() {
        for example in super::EXAMPLES {
            assert!(!example.title.is_empty() && example.text.lines().count() > 10, "{}", example.title);
        }
    }
}
