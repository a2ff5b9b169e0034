//! Administration of organisations, users and API tokens from the command line.

use std::io::BufRead;
use std::process::ExitCode;

use assize_api::auth::{hash_password, hash_secret, new_secret};
use assize_domain::access::{OrgKind, Role};
use assize_store::{NewUser, Organisation, Store};
use clap::Subcommand;
use uuid::Uuid;

use crate::cli::CliResult;

#[derive(Subcommand)]
pub enum OrgCommand {
    /// Add an organisation.
    Add {
        /// police_force, prosecuting_authority, defence_firm, court, judiciary, agency, oversight.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
        /// Force code, prosecuting authority code, firm account number...
        #[arg(long)]
        code: Option<String>,
        /// Court OU codes the organisation serves or sits at (repeatable).
        #[arg(long = "court")]
        courts: Vec<String>,
    },
    /// List organisations.
    List,
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user; the password is read from standard input (one line).
    Add {
        #[arg(long)]
        org_id: Uuid,
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// e.g. legal_adviser, prosecutor, defence_solicitor, police_admin, auditor.
        #[arg(long)]
        role: String,
        /// A system account that signs in only with API tokens.
        #[arg(long)]
        no_password: bool,
    },
    /// Disable a user: ends all their sessions at once.
    Disable { username: String },
    /// Enable a disabled user.
    Enable { username: String },
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user (usually a system account); printed once, stored hashed.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
    },
    /// Revoke an API token by id.
    Revoke { id: Uuid },
}

pub async fn org(store: &Store, c: OrgCommand) -> CliResult {
    match c {
        OrgCommand::Add {
            kind,
            name,
            code,
            courts,
        } => {
            let kind = OrgKind::parse(&kind).ok_or("unknown organisation kind")?;
            let id = Uuid::now_v7();
            store
                .create_organisation(&Organisation {
                    id,
                    kind,
                    name,
                    code,
                    court_ous: courts,
                })
                .await?;
            println!("{id}");
        }
        OrgCommand::List => {
            for o in store.list_organisations().await? {
                println!(
                    "{}\t{}\t{}\t{}",
                    o.id,
                    o.kind.as_str(),
                    o.code.unwrap_or_default(),
                    o.name
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn user_id(
    store: &Store,
    username: &str,
) -> Result<Uuid, Box<dyn std::error::Error + Send + Sync>> {
    Ok(store
        .user_id_by_username(username)
        .await?
        .ok_or("no such user")?)
}

pub async fn user(store: &Store, c: UserCommand) -> CliResult {
    match c {
        UserCommand::Add {
            org_id,
            username,
            display_name,
            role,
            no_password,
        } => {
            let role = Role::parse(&role).ok_or("unknown role")?;
            let org = store
                .organisation(org_id)
                .await?
                .ok_or("no such organisation")?;
            if role.org_kind() != org.kind {
                return Err(format!(
                    "a {} belongs to a {} organisation, not a {}",
                    role.as_str(),
                    role.org_kind().as_str(),
                    org.kind.as_str()
                )
                .into());
            }
            let password_hash = if no_password {
                None
            } else {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                let pw = line.trim_end_matches(['\r', '\n']);
                if pw.chars().count() < 12 {
                    return Err("a password must be at least 12 characters".into());
                }
                Some(hash_password(pw))
            };
            let id = Uuid::now_v7();
            store
                .create_user(&NewUser {
                    id,
                    org_id,
                    username,
                    display_name,
                    role,
                    password_hash,
                })
                .await?;
            println!("{id}");
        }
        UserCommand::Disable { username } => {
            store
                .set_user_disabled(user_id(store, &username).await?, true)
                .await?;
            println!("disabled {username}; their sessions have ended");
        }
        UserCommand::Enable { username } => {
            store
                .set_user_disabled(user_id(store, &username).await?, false)
                .await?;
            println!("enabled {username}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn token(store: &Store, c: TokenCommand) -> CliResult {
    match c {
        TokenCommand::Create { username, name } => {
            let uid = user_id(store, &username).await?;
            let secret = new_secret();
            let id = Uuid::now_v7();
            store
                .create_api_token(
                    id,
                    uid,
                    &name,
                    &hash_secret(&secret),
                    jiff::Timestamp::now(),
                )
                .await?;
            println!("token id {id}\n{secret}\n(shown once: store it now)");
        }
        TokenCommand::Revoke { id } => {
            store.revoke_api_token(id, jiff::Timestamp::now()).await?;
            println!("revoked {id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
