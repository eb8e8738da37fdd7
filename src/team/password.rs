//! Where the team server's password comes from, as libpq finds it: `PGPASSWORD`, else the
//! first matching line of the password file (`PGPASSFILE`, or `~/.pgpass`), which must be
//! readable by its owner alone. The password is handed to the driver and nowhere else.

use super::TeamError;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Which server and user a password is for.
pub struct Login<'a> {
    pub host: &'a str,
    pub port: u16,
    pub database: &'a str,
    pub user: &'a str,
}

/// The password for `login`, if `PGPASSWORD` or the password file has one.
pub fn lookup(login: &Login) -> Result<Option<String>, TeamError> {
    if let Some(password) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
        return Ok(Some(password));
    }
    match password_file() {
        Some(path) if path.exists() => from_file(&path, login),
        _ => Ok(None),
    }
}

fn password_file() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PGPASSFILE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    std::env::var_os("HOME").map(|home| Path::new(&home).join(".pgpass"))
}

/// The password `path` holds for `login`; a file others may read is refused, as libpq
/// refuses it, but said rather than skipped.
pub fn from_file(path: &Path, login: &Login) -> Result<Option<String>, TeamError> {
    let meta = std::fs::metadata(path).map_err(|e| {
        TeamError::Refused(format!(
            "cannot read the password file {}: {e}",
            path.display()
        ))
    })?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(TeamError::Refused(format!(
            "the password file {} may be read by others (mode {mode:04o}): cadence reads it only \
             at 0600 (chmod 600 {})",
            path.display(),
            path.display()
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        TeamError::Refused(format!(
            "cannot read the password file {}: {e}",
            path.display()
        ))
    })?;
    Ok(text.lines().find_map(|line| matching(line, login)))
}

/// The password of one `host:port:database:user:password` line when it matches; `*`
/// matches anything, and `\:` and `\\` stand for `:` and `\`.
fn matching(line: &str, login: &Login) -> Option<String> {
    if line.trim_start().starts_with('#') {
        return None;
    }
    let fields = split(line);
    let [host, port, database, user, password] = fields.as_slice() else {
        return None;
    };
    let port_text = login.port.to_string();
    let fits = |field: &str, value: &str| field == "*" || field == value;
    (fits(host, login.host)
        && fits(port, &port_text)
        && fits(database, login.database)
        && fits(user, login.user))
    .then(|| password.clone())
}

fn split(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => field.extend(chars.next()),
            // The password is the last field and may hold colons of its own.
            ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAYA: Login = Login {
        host: "db.example",
        port: 5432,
        database: "sales",
        user: "maya",
    };

    fn file(text: &str, mode: u32) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        (dir, path)
    }

    #[test]
    fn the_first_matching_line_gives_the_password_with_wildcards_and_escapes() {
        let (_dir, path) = file(
            "# comment\nother:5432:sales:maya:wrong\n*:5432:sales:lee:not-maya\n\
             db.example:*:sales:maya:pa\\:ss\\\\word:x\ndb.example:5432:*:maya:later\n",
            0o600,
        );
        assert_eq!(
            from_file(&path, &MAYA).unwrap().as_deref(),
            Some("pa:ss\\word:x")
        );
        let lee = Login {
            user: "lee",
            ..MAYA
        };
        assert_eq!(from_file(&path, &lee).unwrap().as_deref(), Some("not-maya"));
        let nobody = Login {
            user: "sam",
            ..MAYA
        };
        assert_eq!(from_file(&path, &nobody).unwrap(), None);
    }

    #[test]
    fn a_password_file_others_may_read_is_refused_naming_the_fix() {
        let (_dir, path) = file("*:*:*:*:secret\n", 0o644);
        let err = from_file(&path, &MAYA).unwrap_err();
        assert!(!err.is_bad_input());
        let text = err.to_string();
        assert!(
            text.contains("mode 0644") && text.contains("chmod 600"),
            "{text}"
        );
        assert!(!text.contains("secret"), "{text}");
    }
}
