//! Why a command was refused, in words a court clerk understands. Each variant has a stable
//! machine code (used as the problem `type` by the API) and names the fields at fault.

use serde::Serialize;
use thiserror::Error;

/// One problem with one input field; `field` is a JSON path such as `defendants[0].asn`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// Input that is well-formed JSON but not acceptable (bad identifier, unknown code, missing
    /// value). Every problem found is reported at once so an integrator can fix them together.
    #[error("{}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// The command is not allowed in the case's current state (a rule of criminal procedure).
    #[error("{message}")]
    Rule { rule: &'static str, message: String },
    /// The thing the command refers to does not exist in this case.
    #[error("{what} not found in this case")]
    NotFound { what: String },
}

impl DomainError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }
    pub fn rule(rule: &'static str, message: impl Into<String>) -> Self {
        DomainError::Rule {
            rule,
            message: message.into(),
        }
    }
    pub fn not_found(what: impl Into<String>) -> Self {
        DomainError::NotFound { what: what.into() }
    }
    /// Stable code for clients: `invalid-input`, `not-found` or the rule's own name.
    pub fn code(&self) -> &str {
        match self {
            DomainError::Invalid(_) => "invalid-input",
            DomainError::Rule { rule, .. } => rule,
            DomainError::NotFound { .. } => "not-found",
        }
    }
}

/// Collects field errors while validating a whole input, so all are reported together.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }
    /// Keep the value if Ok, record the error under `field` otherwise.
    pub fn take<T, E: std::fmt::Display>(&mut self, field: &str, r: Result<T, E>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(field, e.to_string());
                None
            }
        }
    }
    pub fn finish(self) -> DomainResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.0))
        }
    }
}

pub type DomainResult<T> = Result<T, DomainError>;
