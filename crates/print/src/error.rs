use thiserror::Error;

/// Everything that can go wrong turning data into labels or reports. Messages are
/// written for the person printing, not for a developer.
#[derive(Debug, Error)]
pub enum Error {
    #[error("there is no label template called \"{name}\"; there are {known}")]
    UnknownTemplate { name: String, known: String },
    #[error("template \"{template}\": {problem}")]
    TemplateDoesNotFit { template: String, problem: String },
    #[error("nothing to print: select at least one asset")]
    NothingToPrint,
    #[error("asset tag \"{tag}\" cannot be printed as a Code 128 barcode: {reason}")]
    UnencodableTag { tag: String, reason: String },
    #[error("the QR code content for \"{tag}\" is too long for a QR code")]
    QrTooLong { tag: String },
    #[error("{0}")]
    Invalid(String),
    #[error("printer {address}: {message}")]
    Printer { address: String, message: String },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
