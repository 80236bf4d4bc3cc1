//! Where output goes: the one place that knows what an output path can be,
//! so that every command writing a file behaves the same. `-`, or the file
//! stdout already writes to, is stdout. A new or regular file is written
//! beside its name and renamed into place at the end, taking the old file's
//! mode and owner: a command that fails leaves the old contents. A symbolic
//! link is followed; a FIFO, character device or socket is written straight
//! through; a folder, a block device, a missing folder and the database in
//! use are refused.

use std::fs::{self, File, Metadata};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::Context;
use tempfile::NamedTempFile;

use crate::error;

/// The database the command uses, which no output may replace.
static DATABASE: OnceLock<PathBuf> = OnceLock::new();

/// Name the database the command uses: `-o` refuses it and its journal.
pub fn protect_database(db: &Path) {
    let _ = DATABASE.set(db.to_path_buf());
}

/// An error when `path` is the database in use or one of SQLite's files
/// beside it (`-journal`, `-wal`, `-shm`), however it is named: writing
/// there would replace the data or, as a hot journal, undo it.
fn refuse_database(path: &Path) -> anyhow::Result<()> {
    let Some(db) = DATABASE.get() else {
        return Ok(());
    };
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = db.clone().into_os_string();
        name.push(suffix);
        if same_file(path, Path::new(&name)) {
            let what = if suffix.is_empty() { "" } else { "'s journal" };
            return Err(error::usage(format!(
                "{} is the database{what} apsc is using; give another name to write",
                path.display()
            )));
        }
    }
    Ok(())
}

/// True when `a` and `b` are one file: the same inode if both exist, else
/// the same name in the same folder.
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(a), Ok(b)) = (fs::metadata(a), fs::metadata(b)) {
        return a.dev() == b.dev() && a.ino() == b.ino();
    }
    let place = |p: &Path| {
        let p = link_target(p);
        Some(fs::canonicalize(folder_of(&p)).ok()?.join(p.file_name()?))
    };
    place(a).is_some_and(|a| Some(a) == place(b))
}

/// The folder a file is in: `.` for a bare name.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// An open output: stdout, a file being written beside its final name, or
/// a FIFO, device or socket written straight through.
pub struct Target {
    out: BufWriter<Box<dyn Write>>,
    /// A file written beside its name, and the name it takes at the end
    /// (dropped unfinished, the file goes).
    pub(super) temp: Option<(NamedTempFile, PathBuf)>,
    /// How messages name the output: its path, or "stdout".
    pub(super) name: String,
    /// A terminal: each line is shown as it is written, as stdio does, so
    /// that rows that came before a slow one are not held back.
    pub(super) terminal: bool,
    /// Stdout piped into another program (`| less`).
    pub(super) piped: bool,
    /// The width of the terminal the output is read on, if any.
    pub(super) width: Option<usize>,
    /// Hears how long each write took.
    pub(super) timer: Option<Box<dyn FnMut(Duration)>>,
}

/// A file error that names the path in the user's terms.
fn cannot(what: &str, path: &Path, err: io::Error) -> anyhow::Error {
    anyhow::Error::new(err).context(format!("cannot {what} {}", path.display()))
}

/// What stdout writes to, if it can be asked.
fn stdout_meta() -> Option<Metadata> {
    use std::os::fd::AsFd;
    let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok()
}

/// The width of a terminal, if `fd` is one: its columns, even where it
/// reports no rows (script(1), some serial consoles and CI runners do).
fn width_of(fd: impl std::os::fd::AsFd) -> Option<usize> {
    let size = rustix::termios::tcgetwinsize(fd).ok()?;
    (size.ws_col > 0).then_some(usize::from(size.ws_col))
}

impl Target {
    /// Any writer, written straight through.
    pub fn new(raw: Box<dyn Write>, name: String) -> Target {
        Target {
            out: BufWriter::with_capacity(64 * 1024, raw),
            temp: None,
            name,
            terminal: false,
            piped: false,
            width: None,
            timer: None,
        }
    }

    /// Stdout; piped into another program (`| less`, `| head`), its width
    /// is that of the terminal the command runs on (`/dev/tty`, whichever
    /// of stdin and stderr are redirected): the reader is looking at it.
    pub fn stdout() -> Target {
        let out = io::stdout();
        let terminal = out.is_terminal();
        let piped = !terminal && stdout_meta().is_some_and(|m| m.file_type().is_fifo());
        let width = match terminal {
            true => width_of(&out),
            false if piped => File::open("/dev/tty").ok().and_then(width_of),
            false => None,
        };
        let mut target = Target::new(Box::new(out), "stdout".into());
        (target.terminal, target.piped, target.width) = (terminal, piped, width);
        target
    }

    /// Open the output at `path` by the rules in the module's doc.
    pub fn open(path: &Path) -> anyhow::Result<Target> {
        if path.as_os_str() == "-" {
            return Ok(Target::stdout());
        }
        refuse_database(path)?;
        let name = path.display().to_string();
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return Target::replace(&link_target(path), None);
            }
            Err(err) => return Err(cannot("write", path, err)),
        };
        // Writing through stdout keeps its position and mode.
        if stdout_meta().is_some_and(|out| out.dev() == meta.dev() && out.ino() == meta.ino()) {
            return Ok(Target::stdout());
        }
        let kind = meta.file_type();
        let refuse = |what: &str| Err(error::usage(format!("{name} is {what}")));
        if kind.is_dir() {
            return refuse("a folder; give the name of a file to write");
        }
        if kind.is_block_device() {
            return refuse("a block device; apsc does not write to disks");
        }
        if kind.is_file() {
            let real = fs::canonicalize(path).map_err(|e| cannot("write", path, e))?;
            return Target::replace(&real, Some(meta));
        }
        if kind.is_socket() {
            let socket = UnixStream::connect(path).map_err(|e| cannot("write", path, e))?;
            return Ok(Target::new(Box::new(socket), name));
        }
        let file = fs::OpenOptions::new().write(true).open(path);
        let file = file.map_err(|e| cannot("write", path, e))?;
        let (terminal, width) = (file.is_terminal(), width_of(&file));
        let mut target = Target::new(Box::new(file), name);
        (target.terminal, target.width) = (terminal, width);
        Ok(target)
    }

    /// A temporary file in `path`'s folder that becomes `path` at the end,
    /// taking the mode and owner of the file it replaces.
    fn replace(path: &Path, old: Option<Metadata>) -> anyhow::Result<Target> {
        let folder = folder_of(path);
        if !folder.is_dir() {
            let what = match folder.exists() {
                true => "is not a folder",
                false => "does not exist (create it first)",
            };
            let (path, folder) = (path.display(), folder.display());
            let message = format!("cannot write {path}: the folder {folder} {what}");
            return Err(error::file(message));
        }
        if old.is_some() {
            // Replacing is writing: refuse what could not be written in place.
            let file = fs::OpenOptions::new().write(true).open(path);
            file.map_err(|e| cannot("write", path, e))?;
        }
        let name = path.display().to_string();
        let file_name = path.file_name().unwrap_or_default().to_string_lossy();
        let prefix = format!(".{file_name}.apsc-");
        // A new file gets what any new file gets: 0666 less the umask.
        let mode = fs::Permissions::from_mode(0o666);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp").permissions(mode);
        let temp = super::pending::create(&name, || builder.tempfile_in(folder))
            .map_err(|e| cannot("create a file in", folder, e))?;
        let file = temp.as_file();
        if let Some(old) = old {
            file.set_permissions(old.permissions())
                .map_err(|e| cannot("write", path, e))?;
            // Only root may give a file away; anyone else keeps their own.
            let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
        }
        let file = file.try_clone().map_err(|e| cannot("write", path, e))?;
        let mut target = Target::new(Box::new(file), name);
        target.temp = Some((temp, path.to_path_buf()));
        Ok(target)
    }

    /// Flush everything; a file written beside its name takes the name now.
    pub fn commit(self) -> anyhow::Result<()> {
        let name = self.name;
        let writing = || format!("writing {name}");
        let out = self.out.into_inner().map_err(|e| e.into_error());
        out.with_context(writing)?;
        let Some((temp, path)) = self.temp else {
            return Ok(());
        };
        temp.as_file().sync_all().with_context(writing)?;
        let temp_path = temp.path().to_path_buf();
        super::pending::persist(&temp_path, || temp.persist(&path))
            .map_err(|e| e.error)
            .with_context(|| format!("moving the output into {name}"))?;
        // The rename is durable once the folder is synced; a folder that
        // cannot be synced still holds the finished file.
        let _ = File::open(folder_of(&path)).and_then(|f| f.sync_all());
        Ok(())
    }
}

/// Write `bytes` to `path` whole, as every output is written (see [`Target`]).
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut target = Target::open(path)?;
    target
        .write_all(bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    target.commit()
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let start = self.timer.is_some().then(Instant::now);
        let n = self.out.write(buf)?;
        if self.terminal && buf[..n].contains(&b'\n') {
            self.out.flush()?;
        }
        if let (Some(timer), Some(start)) = (self.timer.as_mut(), start) {
            timer(start.elapsed());
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Where a chain of symbolic links that ends nowhere points: the file to
/// create. A path that is no link is its own answer.
fn link_target(path: &Path) -> PathBuf {
    let mut path = path.to_path_buf();
    // As many links as the kernel follows before it gives up (ELOOP).
    for _ in 0..40 {
        let Ok(to) = fs::read_link(&path) else { break };
        path = match path.parent() {
            Some(folder) if to.is_relative() => folder.join(to),
            _ => to,
        };
    }
    path
}
