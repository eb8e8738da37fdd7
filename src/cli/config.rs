//! `cadence config`: where the config file is, and a commented one to start from.

use super::ConfigCommand;
use crate::config::{self, commented_defaults};
use color_eyre::eyre::{Result, eyre};
use std::io::Write;

pub fn run(command: &ConfigCommand, out: &mut impl Write) -> Result<()> {
    let path = config::config_path()
        .ok_or_else(|| eyre!("no config directory: set CADENCE_CONFIG to a file path"))?;
    match command {
        ConfigCommand::Path => writeln!(out, "{}", path.display())?,
        ConfigCommand::Init { print: true, .. } => {
            out.write_all(commented_defaults().as_bytes())?
        }
        ConfigCommand::Init {
            print: false,
            force,
        } => {
            if path.exists() && !force {
                return Err(crate::store::StoreError::Invalid(format!(
                    "{} exists already and was left as it is: --force replaces it, --print \
                     shows the defaults",
                    path.display()
                ))
                .into());
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                super::private::create_dir(dir)?;
            }
            super::private::write(&path, &commented_defaults(), *force)
                .map_err(|e| super::private::store_error(&path, e))?;
            writeln!(
                out,
                "Wrote {}: every key at its default, commented out",
                path.display()
            )?;
        }
    }
    Ok(())
}
