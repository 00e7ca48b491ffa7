//! Product-version lifecycle: phases, EOL/EOS plan rules (QA2 Q10), milestones and the audit
//! behind `tplc lifecycle check`.

mod audit;
mod milestones;
mod plan;

pub use audit::{AuditVersion, DISCLOSURE_HORIZON_MONTHS, LifecycleProblem, ProblemKind, audit};
pub use milestones::{Milestone, MilestoneKind, milestones};
pub use plan::{LifecycleError, LifecyclePhase, LifecyclePlan};
