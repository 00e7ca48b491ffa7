//! The payloads of the job kinds, and builders of jobs to enqueue.

use serde::{Deserialize, Serialize};
use tplc_store::{JobKind, NewJob, OrganizationId, SbomDocumentId};

use crate::JobsError;

/// The payload of `ingest_sbom`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IngestPayload {
    /// The organization's key.
    pub organization: i64,
    /// The pending SBOM document's key.
    pub sbom_document: i64,
}

/// The payload of `rematch`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RematchPayload {
    /// The organization, or `None` for every organization.
    pub organization: Option<i64>,
    /// Only what these advisories (ids) hit; absent or empty: everything.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advisories: Vec<String>,
}

/// The payload of `import_advisories`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportPayload {
    /// `osv`, `nvd`, `jvn`, `kev` or `epss`.
    pub kind: String,
    /// Files or directories on the server.
    pub paths: Vec<String>,
}

pub(crate) fn decode<T: for<'de> Deserialize<'de>>(
    payload: &serde_json::Value,
) -> Result<T, JobsError> {
    T::deserialize(payload).map_err(|error| JobsError::Payload(error.to_string()))
}

fn encode(payload: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(payload).unwrap_or(serde_json::Value::Null)
}

/// The job ingesting a pending SBOM document (enqueue it in the upload's transaction).
#[must_use]
pub fn ingest_job(organization: OrganizationId, sbom: SbomDocumentId) -> NewJob {
    NewJob {
        kind: JobKind::IngestSbom,
        organization: Some(organization),
        payload: encode(&IngestPayload {
            organization: organization.get(),
            sbom_document: sbom.get(),
        }),
    }
}

/// The job rematching the ready SBOMs of an organization (or all), optionally only against
/// some advisories.
#[must_use]
pub fn rematch_job(organization: Option<OrganizationId>, advisories: &[String]) -> NewJob {
    NewJob {
        kind: JobKind::Rematch,
        organization,
        payload: encode(&RematchPayload {
            organization: organization.map(OrganizationId::get),
            advisories: advisories.to_vec(),
        }),
    }
}

/// The job importing advisories (a system job, of no organization).
#[must_use]
pub fn import_job(kind: tplc_vulndb::SourceKind, paths: &[String]) -> NewJob {
    NewJob {
        kind: JobKind::ImportAdvisories,
        organization: None,
        payload: encode(&ImportPayload {
            kind: kind.name().to_owned(),
            paths: paths.to_vec(),
        }),
    }
}

/// The source kind of its name.
pub(crate) fn source_kind(name: &str) -> Result<tplc_vulndb::SourceKind, JobsError> {
    use tplc_vulndb::SourceKind;
    [
        SourceKind::Osv,
        SourceKind::Nvd,
        SourceKind::Jvn,
        SourceKind::Kev,
        SourceKind::Epss,
    ]
    .into_iter()
    .find(|kind| kind.name() == name)
    .ok_or_else(|| JobsError::Payload(format!("unknown advisory kind {name:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip_and_refuse_unknown_fields() {
        let job = ingest_job(OrganizationId::new(3), SbomDocumentId::new(9));
        assert_eq!(
            job.payload,
            serde_json::json!({"organization": 3, "sbom_document": 9})
        );
        let back: IngestPayload = decode(&job.payload).unwrap();
        assert_eq!(back.sbom_document, 9);
        assert!(
            decode::<IngestPayload>(
                &serde_json::json!({"organization": 1, "sbom_document": 2, "x": 1})
            )
            .is_err()
        );
        let all = rematch_job(None, &[]);
        assert_eq!(all.payload, serde_json::json!({"organization": null}));
        let back: RematchPayload = decode(&all.payload).unwrap();
        assert_eq!(back, RematchPayload::default());
        let import = import_job(tplc_vulndb::SourceKind::Osv, &["/x".into()]);
        assert_eq!(
            import.payload,
            serde_json::json!({"kind": "osv", "paths": ["/x"]})
        );
        assert!(source_kind("osv").is_ok());
        assert!(source_kind("rss").is_err());
    }
}
