//! Small in-memory file trees: a PersistentVolume's contents, an image's root filesystem and the
//! view a container has of both.
//!
//! **What it models.** A node's view of a container's mount namespace, reduced to what a learner
//! can observe with `cat`, `ls`, `echo > FILE`, `rm`, `mv` and `mkdir`: regular files holding
//! text, and directories. [`FileTree`] is one filesystem (an image's writable root layer, or one
//! volume). [`ContainerFs`] overlays the volumes a container mounts on top of its root layer the
//! way the kernel does for bind mounts: the mount with the longest matching path prefix owns a
//! path, and a volume mounted at `/usr/share/nginx/html` *hides* whatever the image had there
//! (nginx's welcome page disappears when an empty PersistentVolume is mounted over it, which is
//! exactly what a learner sees on a real node: a `403 Forbidden`).
//!
//! **Sources.** POSIX path resolution (`path_resolution(7)`), the errno texts of glibc/musl
//! `strerror`, and the error lines of BusyBox 1.36 and GNU coreutils 9.1, which differ (see
//! [`tool_error`]): BusyBox prints `cat: can't open '/x': No such file or directory`, coreutils
//! prints `cat: /x: No such file or directory`.
//!
//! **Left out.** Symlinks, permissions and owners, timestamps, hard links, binary contents,
//! special files (`/dev/null` is handled by the shell), globbing (the shell's job), and the fact
//! that a mount point must exist in the layer below (the kubelet creates it for us).
//!
//! **Invariants.**
//! * Every stored path is absolute and normalized (no `//`, `.`, `..`, no trailing `/`), and its
//!   parent directory exists in the same tree. `/` always exists.
//! * A tree never holds more than [`FileTree::max_entries`] entries nor more than
//!   [`FileTree::max_bytes`] bytes of file contents: writes past that fail with `ENOSPC`
//!   ("No space left on device") and change nothing.
//! * Every operation is total: no input panics, and every loop is bounded by the number of
//!   entries in a tree or the length of a path.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Default size bound of one tree: 1 MiB of file contents.
pub const DEFAULT_MAX_BYTES: usize = 1024 * 1024;
/// Default bound on the number of files and directories in one tree.
pub const DEFAULT_MAX_ENTRIES: usize = 1000;
/// Longest path we accept, as Linux's `PATH_MAX`.
pub const PATH_MAX: usize = 4096;

/// Normalizes `path` against the working directory `cwd`: makes it absolute, drops empty and `.`
/// components, resolves `..` lexically (`/..` is `/`), removes the trailing `/`.
///
/// `cwd` is itself normalized first, so any string is accepted.
pub fn normalize_path(cwd: &str, path: &str) -> String {
    let mut components: Vec<&str> = Vec::new();
    let joined_cwd = if path.starts_with('/') { "" } else { cwd };
    for component in joined_cwd.split('/').chain(path.split('/')) {
        match component {
            "" | "." => {}
            ".." => {
                components.pop();
            }
            other => components.push(other),
        }
    }
    if components.is_empty() {
        return "/".to_string();
    }
    let mut normalized = String::with_capacity(path.len() + cwd.len() + 1);
    for component in components {
        normalized.push('/');
        normalized.push_str(component);
    }
    normalized
}

/// The parent of a normalized absolute path (`/` for `/` and for top-level entries).
pub fn parent_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(index) => &path[..index],
    }
}

/// The last component of a normalized absolute path (empty for `/`).
pub fn base_name(path: &str) -> &str {
    match path.rfind('/') {
        Some(index) => &path[index + 1..],
        None => path,
    }
}

/// `true` when `path` is `prefix` or lies below it (both normalized).
pub fn is_within(path: &str, prefix: &str) -> bool {
    if prefix == "/" {
        return true;
    }
    path == prefix
        || (path.len() > prefix.len()
            && path.starts_with(prefix)
            && path.as_bytes()[prefix.len()] == b'/')
}

/// The errno a filesystem operation fails with. [`FsError::strerror`] gives the C library text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsError {
    /// `ENOENT`.
    NotFound,
    /// `EISDIR`.
    IsADirectory,
    /// `ENOTDIR`.
    NotADirectory,
    /// `EEXIST`.
    AlreadyExists,
    /// `ENOTEMPTY`.
    DirectoryNotEmpty,
    /// `ENOSPC`: the tree's size or entry bound would be exceeded.
    NoSpace,
    /// `EROFS`: the path lies on a volume mounted `readOnly: true`.
    ReadOnly,
    /// `EINVAL`: e.g. moving a directory into itself.
    InvalidArgument,
    /// `EBUSY`: removing or renaming a mount point.
    Busy,
    /// `EXDEV`: a rename across two filesystems (the tools fall back to copying).
    CrossDevice,
    /// `ENAMETOOLONG`.
    NameTooLong,
}

impl FsError {
    /// The text glibc's and musl's `strerror` give (they agree on these).
    pub fn strerror(self) -> &'static str {
        match self {
            FsError::NotFound => "No such file or directory",
            FsError::IsADirectory => "Is a directory",
            FsError::NotADirectory => "Not a directory",
            FsError::AlreadyExists => "File exists",
            FsError::DirectoryNotEmpty => "Directory not empty",
            FsError::NoSpace => "No space left on device",
            FsError::ReadOnly => "Read-only file system",
            FsError::InvalidArgument => "Invalid argument",
            FsError::Busy => "Device or resource busy",
            FsError::CrossDevice => "Invalid cross-device link",
            FsError::NameTooLong => "File name too long",
        }
    }
}

impl fmt::Display for FsError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.strerror())
    }
}

/// Which userland's tools print the error lines: an image's `cat`, `ls`, `rm`… come from BusyBox
/// (busybox, alpine and `-alpine` variants) or from GNU coreutils (debian, ubuntu, oraclelinux).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Userland {
    /// BusyBox 1.36 applets.
    Busybox,
    /// GNU coreutils 9.x.
    Gnu,
}

/// The operation a [`tool_error`] line reports on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToolOp {
    /// `cat FILE` could not open or read FILE.
    Cat,
    /// `ls PATH` could not stat PATH.
    Ls,
    /// `rm PATH` failed.
    Rm,
    /// `mv SRC DST` failed on SRC (stat or rename).
    Mv,
    /// `mkdir DIR` failed.
    Mkdir,
    /// `rmdir DIR` failed.
    Rmdir,
    /// `touch FILE` failed.
    Touch,
}

/// The exact line (without newline) a tool prints on standard error when `op` on `path` fails
/// with `error`, for the given userland.
///
/// BusyBox 1.36 (`libbb/xfuncs_printf.c`, `coreutils/*.c`): `cat: can't open 'P': E`,
/// `ls: P: E`, `rm: can't remove 'P': E` (`rm: 'P' is a directory` without `-r`),
/// `mv: can't rename 'P': E`, `mkdir: can't create directory 'P': E`.
/// GNU coreutils 9.1: `cat: P: E`, `ls: cannot access 'P': E`, `rm: cannot remove 'P': E`,
/// `mv: cannot stat 'P': E` (for a missing source) / `mv: cannot move 'S' to 'D': E`,
/// `mkdir: cannot create directory 'P': E`.
pub fn tool_error(userland: Userland, op: ToolOp, path: &str, error: FsError) -> String {
    let text = error.strerror();
    match (userland, op) {
        (Userland::Busybox, ToolOp::Cat) => {
            if error == FsError::IsADirectory {
                "cat: read error: Is a directory".to_string()
            } else {
                format!("cat: can't open '{path}': {text}")
            }
        }
        (Userland::Gnu, ToolOp::Cat) => format!("cat: {path}: {text}"),
        (Userland::Busybox, ToolOp::Ls) => format!("ls: {path}: {text}"),
        (Userland::Gnu, ToolOp::Ls) => format!("ls: cannot access '{path}': {text}"),
        (Userland::Busybox, ToolOp::Rm) => {
            if error == FsError::IsADirectory {
                format!("rm: '{path}' is a directory")
            } else {
                format!("rm: can't remove '{path}': {text}")
            }
        }
        (Userland::Gnu, ToolOp::Rm) => format!("rm: cannot remove '{path}': {text}"),
        (Userland::Busybox, ToolOp::Mv) => format!("mv: can't rename '{path}': {text}"),
        (Userland::Gnu, ToolOp::Mv) => {
            if error == FsError::NotFound {
                format!("mv: cannot stat '{path}': {text}")
            } else {
                format!("mv: cannot move '{path}': {text}")
            }
        }
        (Userland::Busybox, ToolOp::Mkdir) => {
            format!("mkdir: can't create directory '{path}': {text}")
        }
        (Userland::Gnu, ToolOp::Mkdir) => {
            format!("mkdir: cannot create directory '{path}': {text}")
        }
        (Userland::Busybox, ToolOp::Rmdir) => format!("rmdir: '{path}': {text}"),
        (Userland::Gnu, ToolOp::Rmdir) => format!("rmdir: failed to remove '{path}': {text}"),
        (Userland::Busybox, ToolOp::Touch) => format!("touch: {path}: {text}"),
        (Userland::Gnu, ToolOp::Touch) => format!("touch: cannot touch '{path}': {text}"),
    }
}

/// What a path names in a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Directory,
}

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirEntry {
    /// The entry's name (last path component).
    pub name: String,
    /// File or directory.
    pub kind: EntryKind,
    /// Size in bytes (files) or 4096 (directories, as ext4 reports them).
    pub size: usize,
}

/// One filesystem: files with text contents plus explicit directories.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileTree {
    files: BTreeMap<String, String>,
    directories: BTreeSet<String>,
    max_bytes: usize,
    max_entries: usize,
}

impl Default for FileTree {
    fn default() -> Self {
        FileTree::new()
    }
}

impl FileTree {
    /// An empty tree (only `/`) with the default bounds.
    pub fn new() -> FileTree {
        FileTree::with_limits(DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES)
    }

    /// An empty tree with explicit bounds on content bytes and entries.
    pub fn with_limits(max_bytes: usize, max_entries: usize) -> FileTree {
        let mut directories = BTreeSet::new();
        directories.insert("/".to_string());
        FileTree {
            files: BTreeMap::new(),
            directories,
            max_bytes,
            max_entries,
        }
    }

    /// Bound on the total bytes of file contents.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Bound on the number of entries (files plus directories, `/` included).
    pub fn max_entries(&self) -> usize {
        self.max_entries
    }

    /// Total bytes of file contents.
    pub fn used_bytes(&self) -> usize {
        self.files.values().map(String::len).sum()
    }

    /// Number of entries, `/` included.
    pub fn entry_count(&self) -> usize {
        self.files.len() + self.directories.len()
    }

    /// All files, path-ordered (for views and tests).
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .map(|(path, contents)| (path.as_str(), contents.as_str()))
    }

    /// All directories, path-ordered, `/` first.
    pub fn directories(&self) -> impl Iterator<Item = &str> {
        self.directories.iter().map(String::as_str)
    }

    /// What `path` (normalized absolute) names, if anything.
    pub fn kind(&self, path: &str) -> Option<EntryKind> {
        if self.directories.contains(path) {
            Some(EntryKind::Directory)
        } else if self.files.contains_key(path) {
            Some(EntryKind::File)
        } else {
            None
        }
    }

    /// `true` when `path` names a file or a directory.
    pub fn exists(&self, path: &str) -> bool {
        self.kind(path).is_some()
    }

    /// `true` when `path` names a directory.
    pub fn is_dir(&self, path: &str) -> bool {
        self.directories.contains(path)
    }

    /// Checks that every ancestor of `path` is a directory.
    fn check_parent(&self, path: &str) -> Result<(), FsError> {
        if path.len() > PATH_MAX {
            return Err(FsError::NameTooLong);
        }
        if path == "/" {
            return Ok(());
        }
        let parent = parent_of(path);
        if self.directories.contains(parent) {
            return Ok(());
        }
        // Walk up to tell ENOENT from ENOTDIR, as the kernel does.
        let mut ancestor = parent;
        for _ in 0..PATH_MAX {
            if self.files.contains_key(ancestor) {
                return Err(FsError::NotADirectory);
            }
            if self.directories.contains(ancestor) || ancestor == "/" {
                break;
            }
            ancestor = parent_of(ancestor);
        }
        Err(FsError::NotFound)
    }

    /// Reads a file.
    pub fn read(&self, path: &str) -> Result<&str, FsError> {
        self.check_parent(path)?;
        if let Some(contents) = self.files.get(path) {
            return Ok(contents);
        }
        if self.directories.contains(path) {
            return Err(FsError::IsADirectory);
        }
        Err(FsError::NotFound)
    }

    /// Writes a file, creating it if needed: `append == false` truncates first (`>`),
    /// `append == true` adds at the end (`>>`). The parent directory must exist.
    pub fn write(&mut self, path: &str, contents: &str, append: bool) -> Result<(), FsError> {
        self.check_parent(path)?;
        if self.directories.contains(path) {
            return Err(FsError::IsADirectory);
        }
        let old_len = self.files.get(path).map_or(0, String::len);
        let is_new = !self.files.contains_key(path);
        let new_len = if append {
            old_len.saturating_add(contents.len())
        } else {
            contents.len()
        };
        let used = self.used_bytes();
        if used.saturating_sub(old_len).saturating_add(new_len) > self.max_bytes
            || (is_new && self.entry_count() >= self.max_entries)
        {
            return Err(FsError::NoSpace);
        }
        let file = self.files.entry(path.to_string()).or_default();
        if !append {
            file.clear();
        }
        file.push_str(contents);
        Ok(())
    }

    /// Creates a directory. With `parents`, creates missing ancestors and accepts an existing
    /// directory (`mkdir -p`).
    pub fn mkdir(&mut self, path: &str, parents: bool) -> Result<(), FsError> {
        if path.len() > PATH_MAX {
            return Err(FsError::NameTooLong);
        }
        if parents {
            let mut missing: Vec<&str> = Vec::new();
            let mut cursor = path;
            for _ in 0..PATH_MAX {
                if self.directories.contains(cursor) {
                    break;
                }
                if self.files.contains_key(cursor) {
                    return Err(if cursor == path {
                        FsError::AlreadyExists
                    } else {
                        FsError::NotADirectory
                    });
                }
                missing.push(cursor);
                cursor = parent_of(cursor);
            }
            if self.entry_count().saturating_add(missing.len()) > self.max_entries {
                return Err(FsError::NoSpace);
            }
            for directory in missing {
                self.directories.insert(directory.to_string());
            }
            return Ok(());
        }
        self.check_parent(path)?;
        if self.exists(path) {
            return Err(FsError::AlreadyExists);
        }
        if self.entry_count() >= self.max_entries {
            return Err(FsError::NoSpace);
        }
        self.directories.insert(path.to_string());
        Ok(())
    }

    /// Lists a directory's entries by name; listing a file gives that one file.
    pub fn list(&self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        self.check_parent(path)?;
        if let Some(contents) = self.files.get(path) {
            return Ok(vec![DirEntry {
                name: base_name(path).to_string(),
                kind: EntryKind::File,
                size: contents.len(),
            }]);
        }
        if !self.directories.contains(path) {
            return Err(FsError::NotFound);
        }
        let mut entries: Vec<DirEntry> = Vec::new();
        for directory in self.directories.iter() {
            if directory != path && parent_of(directory) == path {
                entries.push(DirEntry {
                    name: base_name(directory).to_string(),
                    kind: EntryKind::Directory,
                    size: 4096,
                });
            }
        }
        for (file, contents) in self.files.iter() {
            if parent_of(file) == path {
                entries.push(DirEntry {
                    name: base_name(file).to_string(),
                    kind: EntryKind::File,
                    size: contents.len(),
                });
            }
        }
        entries.sort_by(|left, right| left.name.cmp(&right.name));
        Ok(entries)
    }

    /// Removes a file, or a directory with `recursive` (`rm -r`). Without `recursive` a
    /// directory gives `EISDIR`. `/` itself is never removed.
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        self.check_parent(path)?;
        if self.files.remove(path).is_some() {
            return Ok(());
        }
        if !self.directories.contains(path) {
            return Err(FsError::NotFound);
        }
        if !recursive {
            return Err(FsError::IsADirectory);
        }
        if path == "/" {
            return Err(FsError::Busy);
        }
        self.files.retain(|file, _| !is_within(file, path));
        self.directories
            .retain(|directory| !is_within(directory, path));
        Ok(())
    }

    /// Removes an empty directory (`rmdir`).
    pub fn remove_empty_dir(&mut self, path: &str) -> Result<(), FsError> {
        self.check_parent(path)?;
        if self.files.contains_key(path) {
            return Err(FsError::NotADirectory);
        }
        if !self.directories.contains(path) {
            return Err(FsError::NotFound);
        }
        if path == "/" {
            return Err(FsError::Busy);
        }
        if !self.list(path)?.is_empty() {
            return Err(FsError::DirectoryNotEmpty);
        }
        self.directories.remove(path);
        Ok(())
    }

    /// Renames `from` to `to` inside this tree with `rename(2)` semantics: a file replaces a file,
    /// a directory replaces an empty directory, a directory cannot move into itself.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        self.check_parent(from)?;
        let kind = self.kind(from).ok_or(FsError::NotFound)?;
        self.check_parent(to)?;
        if from == to {
            return Ok(());
        }
        match kind {
            EntryKind::File => {
                if self.directories.contains(to) {
                    return Err(FsError::IsADirectory);
                }
                let contents = self.files.remove(from).unwrap_or_default();
                self.files.insert(to.to_string(), contents);
            }
            EntryKind::Directory => {
                if from == "/" || is_within(to, from) {
                    return Err(FsError::InvalidArgument);
                }
                if self.files.contains_key(to) {
                    return Err(FsError::NotADirectory);
                }
                if self.directories.contains(to) {
                    if !self.list(to)?.is_empty() {
                        return Err(FsError::DirectoryNotEmpty);
                    }
                    self.directories.remove(to);
                }
                let moved_files: Vec<(String, String)> = self
                    .files
                    .iter()
                    .filter(|(file, _)| is_within(file, from))
                    .map(|(file, contents)| (file.clone(), contents.clone()))
                    .collect();
                let moved_directories: Vec<String> = self
                    .directories
                    .iter()
                    .filter(|directory| is_within(directory, from))
                    .cloned()
                    .collect();
                for (file, contents) in moved_files {
                    self.files.remove(&file);
                    self.files
                        .insert(format!("{to}{}", &file[from.len()..]), contents);
                }
                for directory in moved_directories {
                    self.directories.remove(&directory);
                    self.directories
                        .insert(format!("{to}{}", &directory[from.len()..]));
                }
            }
        }
        Ok(())
    }
}

/// A volume mounted into a container.
#[derive(Debug)]
pub struct Mount<'a> {
    /// Where the volume appears (normalized absolute path, e.g. `/usr/share/nginx/html`).
    pub path: String,
    /// The volume's tree; the volume's own root `/` appears at [`Mount::path`].
    pub tree: &'a mut FileTree,
    /// `volumeMounts[].readOnly`.
    pub read_only: bool,
}

/// A container's view of its files: its root layer plus mounted volumes.
///
/// **Architecture Invariant:** the mount with the longest path prefix owns a path; nothing of a
/// lower layer is visible under a mount point. Mount points themselves are directories even when
/// the layer below has no such directory (the kubelet creates them).
#[derive(Debug)]
pub struct ContainerFs<'a> {
    /// The container's writable root layer (a copy of its image's files).
    pub root: &'a mut FileTree,
    /// The container's volume mounts, in any order.
    pub mounts: Vec<Mount<'a>>,
}

/// Which filesystem a path falls on: `None` for the root layer, `Some(index)` for a mount.
type Owner = Option<usize>;

impl<'a> ContainerFs<'a> {
    /// A view with only a root layer.
    pub fn new(root: &'a mut FileTree) -> ContainerFs<'a> {
        ContainerFs {
            root,
            mounts: Vec::new(),
        }
    }

    /// Adds a mount (builder style). Like runc, it first creates the mount point directory (and
    /// its missing parents) in whatever layer currently owns that path, ignoring failures: add
    /// outer mounts before nested ones.
    pub fn with_mount(mut self, path: &str, tree: &'a mut FileTree, read_only: bool) -> Self {
        let path = normalize_path("/", path);
        let (owner, inner) = self.locate(&path);
        let below: &mut FileTree = match owner {
            None => self.root,
            Some(index) => self.mounts[index].tree,
        };
        let _ = below.mkdir(&inner, true);
        self.mounts.push(Mount {
            path,
            tree,
            read_only,
        });
        self
    }

    /// The filesystem owning `path` and the path inside it.
    fn locate(&self, path: &str) -> (Owner, String) {
        let mut best: Option<(usize, usize)> = None;
        for (index, mount) in self.mounts.iter().enumerate() {
            if is_within(path, &mount.path) {
                let length = mount.path.len();
                if best.is_none_or(|(_, best_length)| length > best_length) {
                    best = Some((index, length));
                }
            }
        }
        match best {
            None => (None, path.to_string()),
            Some((index, _)) => {
                let mount_path = &self.mounts[index].path;
                let inner = if mount_path == "/" {
                    path.to_string()
                } else if path.len() == mount_path.len() {
                    "/".to_string()
                } else {
                    path[mount_path.len()..].to_string()
                };
                (Some(index), inner)
            }
        }
    }

    fn tree(&self, owner: Owner) -> &FileTree {
        match owner {
            None => self.root,
            Some(index) => self.mounts[index].tree,
        }
    }

    fn tree_mut(&mut self, owner: Owner) -> Result<&mut FileTree, FsError> {
        match owner {
            None => Ok(self.root),
            Some(index) => {
                let mount = &mut self.mounts[index];
                if mount.read_only {
                    Err(FsError::ReadOnly)
                } else {
                    Ok(mount.tree)
                }
            }
        }
    }

    /// `true` when `path` is a mount point.
    pub fn is_mount_point(&self, path: &str) -> bool {
        self.mounts.iter().any(|mount| mount.path == path)
    }

    /// Mount points strictly below `directory` whose parent is `directory` (they show up in a
    /// listing even if the layer below lacks them).
    fn child_mount_points(&self, directory: &str) -> Vec<String> {
        self.mounts
            .iter()
            .filter(|mount| mount.path != directory && parent_of(&mount.path) == directory)
            .map(|mount| base_name(&mount.path).to_string())
            .collect()
    }

    /// What `path` names.
    pub fn kind(&self, path: &str) -> Option<EntryKind> {
        if self.is_mount_point(path) {
            return Some(EntryKind::Directory);
        }
        let (owner, inner) = self.locate(path);
        if self.tree(owner).check_parent(&inner).is_err() {
            return None;
        }
        self.tree(owner).kind(&inner)
    }

    /// `true` when `path` names a file or directory.
    pub fn exists(&self, path: &str) -> bool {
        self.kind(path).is_some()
    }

    /// `true` when `path` names a directory.
    pub fn is_dir(&self, path: &str) -> bool {
        self.kind(path) == Some(EntryKind::Directory)
    }

    /// Reads a file.
    pub fn read(&self, path: &str) -> Result<String, FsError> {
        if self.is_mount_point(path) {
            return Err(FsError::IsADirectory);
        }
        let (owner, inner) = self.locate(path);
        self.tree(owner).read(&inner).map(str::to_string)
    }

    /// Writes (truncating) or appends to a file.
    pub fn write(&mut self, path: &str, contents: &str, append: bool) -> Result<(), FsError> {
        if self.is_mount_point(path) {
            return Err(FsError::IsADirectory);
        }
        let (owner, inner) = self.locate(path);
        // Report ENOENT/EISDIR before EROFS, as the kernel resolves the path first.
        let tree = self.tree(owner);
        tree.check_parent(&inner)?;
        if tree.is_dir(&inner) {
            return Err(FsError::IsADirectory);
        }
        self.tree_mut(owner)?.write(&inner, contents, append)
    }

    /// Lists a directory (or names a single file), merging in child mount points.
    pub fn list(&self, path: &str) -> Result<Vec<DirEntry>, FsError> {
        let (owner, inner) = self.locate(path);
        let mut entries = if self.is_mount_point(path) && !self.tree(owner).is_dir(&inner) {
            Vec::new()
        } else {
            self.tree(owner).list(&inner)?
        };
        if self.kind(path) == Some(EntryKind::Directory) {
            for name in self.child_mount_points(path) {
                entries.retain(|entry| entry.name != name);
                entries.push(DirEntry {
                    name,
                    kind: EntryKind::Directory,
                    size: 4096,
                });
            }
            entries.sort_by(|left, right| left.name.cmp(&right.name));
        }
        Ok(entries)
    }

    /// Creates a directory (`mkdir [-p]`).
    pub fn mkdir(&mut self, path: &str, parents: bool) -> Result<(), FsError> {
        if self.is_mount_point(path) {
            return if parents {
                Ok(())
            } else {
                Err(FsError::AlreadyExists)
            };
        }
        let (owner, inner) = self.locate(path);
        let tree = self.tree(owner);
        if !parents {
            tree.check_parent(&inner)?;
            if tree.exists(&inner) {
                return Err(FsError::AlreadyExists);
            }
        } else if tree.is_dir(&inner) {
            return Ok(());
        }
        self.tree_mut(owner)?.mkdir(&inner, parents)
    }

    /// Removes a file, or a directory tree with `recursive`. Mount points are busy.
    pub fn remove(&mut self, path: &str, recursive: bool) -> Result<(), FsError> {
        if self.is_mount_point(path) {
            return Err(if recursive {
                FsError::Busy
            } else {
                FsError::IsADirectory
            });
        }
        let (owner, inner) = self.locate(path);
        let tree = self.tree(owner);
        tree.check_parent(&inner)?;
        match tree.kind(&inner) {
            None => return Err(FsError::NotFound),
            Some(EntryKind::Directory) if !recursive => return Err(FsError::IsADirectory),
            Some(EntryKind::Directory) => {
                if self.mounts.iter().any(|mount| is_within(&mount.path, path)) {
                    return Err(FsError::Busy);
                }
            }
            Some(EntryKind::File) => {}
        }
        self.tree_mut(owner)?.remove(&inner, recursive)
    }

    /// Removes an empty directory.
    pub fn remove_empty_dir(&mut self, path: &str) -> Result<(), FsError> {
        if self.is_mount_point(path) {
            return Err(FsError::Busy);
        }
        let (owner, inner) = self.locate(path);
        self.tree(owner).check_parent(&inner)?;
        if !self.tree(owner).exists(&inner) {
            return Err(FsError::NotFound);
        }
        self.tree_mut(owner)?.remove_empty_dir(&inner)
    }

    /// Renames within one filesystem. Across filesystems it gives `EXDEV`; [`ContainerFs::move_path`]
    /// falls back to copy-and-delete as `mv` does.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        if self.is_mount_point(from) || self.is_mount_point(to) {
            return Err(FsError::Busy);
        }
        let (from_owner, from_inner) = self.locate(from);
        let (to_owner, to_inner) = self.locate(to);
        let from_tree = self.tree(from_owner);
        from_tree.check_parent(&from_inner)?;
        if !from_tree.exists(&from_inner) {
            return Err(FsError::NotFound);
        }
        if from_owner != to_owner {
            return Err(FsError::CrossDevice);
        }
        self.tree_mut(from_owner)?.rename(&from_inner, &to_inner)
    }

    /// `mv`'s move: rename, or copy then delete when the paths are on different filesystems.
    pub fn move_path(&mut self, from: &str, to: &str) -> Result<(), FsError> {
        match self.rename(from, to) {
            Err(FsError::CrossDevice) => {}
            other => return other,
        }
        match self.kind(from) {
            Some(EntryKind::File) => {
                let contents = self.read(from)?;
                self.write(to, &contents, false)?;
                self.remove(from, false)
            }
            Some(EntryKind::Directory) => {
                // Copy every file and directory below `from`, then remove it.
                let (owner, inner) = self.locate(from);
                let source = self.tree(owner);
                let directories: Vec<String> = source
                    .directories()
                    .filter(|directory| is_within(directory, &inner))
                    .map(|directory| directory[inner.len()..].to_string())
                    .collect();
                let files: Vec<(String, String)> = source
                    .files()
                    .filter(|(file, _)| is_within(file, &inner))
                    .map(|(file, contents)| (file[inner.len()..].to_string(), contents.to_string()))
                    .collect();
                for directory in directories {
                    self.mkdir(&format!("{to}{directory}"), true)?;
                }
                for (file, contents) in files {
                    self.write(&format!("{to}{file}"), &contents, false)?;
                }
                self.remove(from, true)
            }
            None => Err(FsError::NotFound),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    fn check_normalize(cwd: &str, path: &str, expect: Expect) {
        expect.assert_eq(&normalize_path(cwd, path));
    }

    #[test]
    fn normalizes_paths() {
        check_normalize(
            "/",
            "//usr//share/./nginx/html/",
            expect!["/usr/share/nginx/html"],
        );
        check_normalize("/", "/../../etc", expect!["/etc"]);
        check_normalize("/data", "x/../y", expect!["/data/y"]);
        check_normalize("/", "", expect!["/"]);
        check_normalize("relative//cwd", "./a", expect!["/relative/cwd/a"]);
        check_normalize("/", "/a/b/..", expect!["/a"]);
    }

    fn render(tree: &FileTree) -> String {
        let mut out = String::new();
        for directory in tree.directories() {
            out.push_str(&format!("{directory}/\n"));
        }
        for (file, contents) in tree.files() {
            out.push_str(&format!("{file} = {contents:?}\n"));
        }
        out
    }

    #[test]
    fn file_tree_operations() {
        let mut tree = FileTree::new();
        tree.mkdir("/usr/share/nginx/html", true).unwrap();
        tree.write("/usr/share/nginx/html/index.html", "hi\n", false)
            .unwrap();
        tree.write("/usr/share/nginx/html/index.html", "more\n", true)
            .unwrap();
        assert_eq!(tree.read("/usr").unwrap_err(), FsError::IsADirectory);
        assert_eq!(tree.read("/nope/x").unwrap_err(), FsError::NotFound);
        assert_eq!(
            tree.read("/usr/share/nginx/html/index.html/x").unwrap_err(),
            FsError::NotADirectory
        );
        assert_eq!(
            tree.mkdir("/usr", false).unwrap_err(),
            FsError::AlreadyExists
        );
        assert_eq!(tree.mkdir("/a/b", false).unwrap_err(), FsError::NotFound);
        tree.rename("/usr/share", "/srv").unwrap();
        assert_eq!(
            tree.rename("/srv", "/srv/nginx/inside").unwrap_err(),
            FsError::InvalidArgument
        );
        expect![[r#"
            //
            /srv/
            /srv/nginx/
            /srv/nginx/html/
            /usr/
            /srv/nginx/html/index.html = "hi\nmore\n"
        "#]]
        .assert_eq(&render(&tree));
        assert_eq!(
            tree.remove("/srv", false).unwrap_err(),
            FsError::IsADirectory
        );
        tree.remove("/srv", true).unwrap();
        expect![[r#"
            //
            /usr/
        "#]]
        .assert_eq(&render(&tree));
    }

    #[test]
    fn bounds_are_enforced() {
        let mut tree = FileTree::with_limits(10, 3);
        tree.write("/a", "12345", false).unwrap();
        assert_eq!(
            tree.write("/a", "123456", true).unwrap_err(),
            FsError::NoSpace
        );
        tree.write("/a", "1234567890", false).unwrap();
        assert_eq!(tree.write("/b", "", false).unwrap(), ());
        assert_eq!(tree.write("/c", "", false).unwrap_err(), FsError::NoSpace);
        assert_eq!(tree.mkdir("/d/e", true).unwrap_err(), FsError::NoSpace);
        assert_eq!(tree.read("/a").unwrap(), "1234567890");
    }

    fn nginx_root() -> FileTree {
        let mut root = FileTree::new();
        root.mkdir("/usr/share/nginx/html", true).unwrap();
        root.write(
            "/usr/share/nginx/html/index.html",
            "Welcome to nginx!",
            false,
        )
        .unwrap();
        root.write("/usr/share/nginx/html/50x.html", "error", false)
            .unwrap();
        root
    }

    fn listing(fs: &ContainerFs<'_>, path: &str) -> String {
        match fs.list(path) {
            Ok(entries) => entries
                .iter()
                .map(|entry| entry.name.clone())
                .collect::<Vec<_>>()
                .join(" "),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn mounted_volume_hides_image_files() {
        let mut root = nginx_root();
        let mut volume = FileTree::new();
        let mut fs =
            ContainerFs::new(&mut root).with_mount("/usr/share/nginx/html/", &mut volume, false);
        let observed = format!(
            "ls html: [{}]\ncat index: {:?}\nls nginx: [{}]\n",
            listing(&fs, "/usr/share/nginx/html"),
            fs.read("/usr/share/nginx/html/index.html"),
            listing(&fs, "/usr/share/nginx"),
        );
        fs.write(
            "/usr/share/nginx/html/index.html",
            "hello from myapp-0\n",
            false,
        )
        .unwrap();
        drop(fs);
        expect![[r#"
            ls html: []
            cat index: Err(NotFound)
            ls nginx: [html]
        "#]]
        .assert_eq(&observed);
        // The write went to the volume, not to the image's layer below.
        assert_eq!(volume.read("/index.html").unwrap(), "hello from myapp-0\n");
        assert_eq!(
            root.read("/usr/share/nginx/html/index.html").unwrap(),
            "Welcome to nginx!"
        );
    }

    #[test]
    fn longest_mount_prefix_wins_and_mount_points_appear() {
        let mut root = FileTree::new();
        let mut data = FileTree::new();
        let mut logs = FileTree::new();
        logs.write("/app.log", "line\n", false).unwrap();
        let mut config = FileTree::new();
        config.write("/app.conf", "x=1\n", false).unwrap();
        let mut fs = ContainerFs::new(&mut root)
            .with_mount("/data", &mut data, false)
            .with_mount("/data/logs", &mut logs, false)
            .with_mount("/etc/app", &mut config, true);
        assert_eq!(fs.read("/data/logs/app.log").unwrap(), "line\n");
        assert_eq!(listing(&fs, "/"), "data etc");
        assert_eq!(listing(&fs, "/data"), "logs");
        assert_eq!(
            fs.write("/etc/app/app.conf", "y", false).unwrap_err(),
            FsError::ReadOnly
        );
        assert_eq!(fs.remove("/data/logs", true).unwrap_err(), FsError::Busy);
        fs.write("/data/a", "1", false).unwrap();
        fs.move_path("/data/a", "/data/logs/a").unwrap();
        assert_eq!(fs.read("/data/logs/a").unwrap(), "1");
        assert!(!fs.exists("/data/a"));
    }

    #[test]
    fn tool_error_texts() {
        let lines = [
            tool_error(Userland::Busybox, ToolOp::Cat, "/x", FsError::NotFound),
            tool_error(Userland::Gnu, ToolOp::Cat, "/x", FsError::NotFound),
            tool_error(Userland::Busybox, ToolOp::Ls, "/x", FsError::NotFound),
            tool_error(Userland::Gnu, ToolOp::Ls, "/x", FsError::NotFound),
            tool_error(Userland::Busybox, ToolOp::Rm, "/x", FsError::NotFound),
            tool_error(Userland::Gnu, ToolOp::Rm, "/x", FsError::IsADirectory),
            tool_error(Userland::Busybox, ToolOp::Mv, "/x", FsError::NotFound),
            tool_error(Userland::Gnu, ToolOp::Mv, "/x", FsError::NotFound),
            tool_error(
                Userland::Busybox,
                ToolOp::Mkdir,
                "/x",
                FsError::AlreadyExists,
            ),
            tool_error(Userland::Gnu, ToolOp::Mkdir, "/x/y", FsError::NotFound),
        ];
        expect![[r#"
            cat: can't open '/x': No such file or directory
            cat: /x: No such file or directory
            ls: /x: No such file or directory
            ls: cannot access '/x': No such file or directory
            rm: can't remove '/x': No such file or directory
            rm: cannot remove '/x': Is a directory
            mv: can't rename '/x': No such file or directory
            mv: cannot stat '/x': No such file or directory
            mkdir: can't create directory '/x': File exists
            mkdir: cannot create directory '/x/y': No such file or directory"#]]
        .assert_eq(&lines.join("\n"));
    }
}
