use fluxturn_core::prelude::*;
use fluxturn_core::FromContext;

mod message;
mod session;

/// Send email through any SMTP server: plain text, HTML or both, with copies, a reply-to address
/// and attachments
///
/// The connection is encrypted from the start (SSL/TLS, usually port 465) or upgraded with
/// STARTTLS (usually port 587); a server that takes mail without signing in may leave the user
/// empty.
#[connector(
    name = "smtp",
    display_name = "SMTP (Send Email)",
    category = "communication",
    rate_limit(requests_per_minute = 100),
    icon = "icons/smtp.svg",
    auth = custom,
    credentials = SmtpCredentials,
)]
pub struct Smtp {
    server: SmtpServer,
}

/// Where the SMTP server is and how FluxTurn signs in to it.
#[derive(Credentials)]
pub struct SmtpCredentials {
    /// The SMTP server's host name (or IP address)
    #[field(label = "Host", placeholder = "smtp.example.com")]
    pub host: String,
    /// 465 for SSL/TLS from the start, 587 (or 25) for STARTTLS
    #[field(label = "Port", placeholder = "465")]
    pub port: u16,
    /// Speak TLS from the first byte (SMTPS). Off, the connection is upgraded with STARTTLS.
    ///
    /// Left unset, it is on for port 465 only.
    #[field(label = "SSL/TLS")]
    pub secure: Option<bool>,
    /// The user to sign in as; leave empty for a server that takes mail without signing in
    #[field(label = "User", placeholder = "me@example.com")]
    pub user: Option<String>,
    /// The user's password (or app password)
    #[field(label = "Password", secret)]
    pub password: Option<Secret<String>>,
    /// With SSL/TLS off, never upgrade with STARTTLS: everything, the password included, then
    /// travels unencrypted.
    ///
    /// Without it, signing in needs STARTTLS: a server that does not offer it is refused rather
    /// than sent the password in clear text.
    #[field(label = "Disable STARTTLS", default = false)]
    pub disable_start_tls: Option<bool>,
    /// The name FluxTurn greets the server with (EHLO); this machine's host name when empty
    #[field(label = "Client Host Name", placeholder = "mail.example.com")]
    pub host_name: Option<String>,
    /// Accept a certificate no public authority vouches for (self-signed, expired, for another
    /// name). Only for servers you control: the connection can then be intercepted.
    #[field(label = "Ignore SSL Issues", default = false)]
    pub allow_unauthorized_certs: Option<bool>,
}

/// How the connection to the server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    /// TLS from the first byte (SMTPS).
    Implicit,
    /// Plain TCP upgraded with STARTTLS; required when signing in, else used when offered.
    StartTls,
    /// Plain TCP throughout (`disableStartTls`).
    Plain,
}

/// A user and password to sign in with.
struct Login {
    user: String,
    password: Secret<String>,
}

/// The SMTP server of a connection, its settings read and checked once when connecting: the
/// client that every send and the connection test use.
pub struct SmtpServer {
    host: String,
    port: u16,
    security: Security,
    login: Option<Login>,
    /// The EHLO name; `None` for this machine's host name.
    hello_name: Option<String>,
    accept_invalid_certs: bool,
}

impl FromContext for SmtpServer {
    fn from_context(ctx: &ConnectContext) -> Result<Self> {
        Self::new(<SmtpCredentials as fluxturn_core::Credentials>::from_values(&ctx.credentials)?)
    }
}

impl SmtpServer {
    /// Checks the credentials and settles their defaults.
    fn new(credentials: SmtpCredentials) -> Result<Self> {
        let host = credentials.host.trim().to_owned();
        if host.contains("://") || host.contains('/') || host.chars().any(char::is_whitespace) {
            return Err(ConnectorError::invalid_credentials(format!(
                "host `{host}` is not a host name: give the name alone, e.g. smtp.example.com"
            )));
        }
        if credentials.port == 0 {
            return Err(ConnectorError::invalid_credentials("port 0 is not a port: use 465, 587 or 25"));
        }
        let security = match (credentials.secure, credentials.disable_start_tls.unwrap_or(false)) {
            (Some(true), _) => Security::Implicit,
            (None, _) if credentials.port == 465 => Security::Implicit,
            (_, true) => Security::Plain,
            (_, false) => Security::StartTls,
        };
        let user = credentials.user.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty());
        let login = match (user, credentials.password) {
            (Some(user), Some(password)) => Some(Login { user, password }),
            (Some(user), None) => {
                return Err(ConnectorError::invalid_credentials(format!("user `{user}` needs a password")));
            }
            (None, Some(_)) => {
                return Err(ConnectorError::invalid_credentials("a password needs a user to sign in as"))
            }
            (None, None) => None,
        };
        let hello_name = credentials.host_name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
        if let Some(name) = &hello_name {
            if !is_hello_name(name) {
                return Err(ConnectorError::invalid_credentials(format!(
                    "hostName `{name}` is not a host name: use letters, digits, dots and hyphens \
                     (mail.example.com) or an address literal ([192.0.2.1])"
                )));
            }
        }
        Ok(Self {
            host,
            port: credentials.port,
            security,
            login,
            hello_name,
            accept_invalid_certs: credentials.allow_unauthorized_certs.unwrap_or(false),
        })
    }
}

/// A domain name or an address literal: what EHLO may carry (nothing that could end the line).
fn is_hello_name(name: &str) -> bool {
    let literal = name.strip_prefix('[').and_then(|n| n.strip_suffix(']'));
    match literal {
        Some(address) => address.parse::<std::net::IpAddr>().is_ok(),
        None => name.len() <= 253 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-'),
    }
}

/// Which bodies an email carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EmailFormat {
    /// Text
    Text,
    /// HTML
    Html,
    /// Both (HTML with a text alternative)
    Both,
}

/// The input of `send_email`.
#[derive(Debug, Deserialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendEmail {
    /// The sender: an address, or a name and an address
    #[field(label = "From Email", placeholder = "Ada Lovelace <ada@example.com>", input_type = "email")]
    pub from_email: String,
    /// The recipients, separated by commas
    #[field(label = "To Email", placeholder = "info@example.com", input_type = "email", aliases = ["to"])]
    pub to_email: String,
    /// The subject line
    #[field(label = "Subject", placeholder = "My subject line")]
    pub subject: String,
    /// Which bodies to send: text, HTML, or both (mail programs show the HTML and fall back to the text)
    #[field(label = "Email Format", default = "text")]
    pub email_format: EmailFormat,
    /// The plain-text body
    #[field(label = "Text", input_type = "textarea", aliases = ["body"], show(emailFormat = ["text", "both"]))]
    pub text: Option<String>,
    /// The HTML body
    #[field(label = "HTML", input_type = "textarea", show(emailFormat = ["html", "both"]))]
    pub html: Option<String>,
    /// Copy recipients, separated by commas
    #[field(label = "CC Email", input_type = "email")]
    pub cc_email: Option<String>,
    /// Hidden copy recipients, separated by commas: they get the email, the others do not see them
    #[field(label = "BCC Email", input_type = "email")]
    pub bcc_email: Option<String>,
    /// Where replies go, when not to the sender
    #[field(label = "Reply To", input_type = "email")]
    pub reply_to: Option<String>,
    /// Files to attach: a JSON list of {"filename", "content", "contentType", "encoding"}.
    ///
    /// `content` is base64 unless `encoding` is "utf8"; `contentType` is guessed from the
    /// file name when left out. Example: [{"filename": "report.csv", "content": "YSxiCjEsMgo="}]
    #[field(label = "Attachments", placeholder = "[{\"filename\": \"report.csv\", \"content\": \"YSxiCjEsMgo=\"}]")]
    pub attachments: Option<String>,
    /// Accept a certificate no public authority vouches for, for this email (the connection's
    /// own setting applies too)
    #[field(label = "Ignore SSL Issues", default = false)]
    #[serde(default)]
    pub allow_unauthorized_certs: bool,
}

/// A recipient the server refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RejectedRecipient {
    /// The address refused
    pub address: String,
    /// The server's reply, e.g. "550 5.1.1 User unknown"
    pub reply: String,
}

/// Who an email was offered to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Envelope {
    /// The sender's address (MAIL FROM)
    pub from: String,
    /// Every recipient's address: To, Cc and Bcc (RCPT TO)
    pub to: Vec<String>,
}

/// An email the server took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SentEmail {
    /// The email's Message-ID header
    pub message_id: String,
    /// The recipients the server accepted
    pub accepted: Vec<String>,
    /// The recipients the server refused (the email went to the others)
    pub rejected: Vec<RejectedRecipient>,
    /// The server's reply to the email, e.g. "250 2.0.0 Ok: queued as 4BxY"
    pub response: String,
    /// The sender and recipients the email was offered to
    pub envelope: Envelope,
}

#[actions]
impl Smtp {
    /// Send an email
    ///
    /// The email goes to every To, CC and BCC recipient the server accepts; recipients it
    /// refuses are listed in `rejected` (when it refuses all of them, nothing is sent and the
    /// action fails with the server's reply).
    #[action(name = "Send Email", category = "Email", icon = "send")]
    async fn send_email(&self, input: SendEmail) -> Result<SentEmail> {
        let email = message::compose(&input)?;
        self.server.send(&email, input.allow_unauthorized_certs).await
    }

    /// Connects, secures the connection as configured and signs in (when a user is set).
    #[test_connection]
    async fn sign_in(&self) -> Result<()> {
        self.server.check().await
    }
}
