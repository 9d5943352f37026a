"""Reading (and, for explanations computed later, writing) an untrusted folder tree: the local
jobs folder.

Job folders are shared (exports are zipped and passed around), so nothing in them is trusted:

- every path is walked from the jobs folder one component at a time with ``O_NOFOLLOW`` (through
  directory file descriptors), so a symbolic link at *any* level is refused, not resolved;
- only regular files are read (a FIFO, a device or a socket is refused without blocking:
  files are opened ``O_NONBLOCK`` and checked with ``fstat`` before any read);
- every read is bounded (the size is checked before reading, and no more than the limit is read);
- listings never follow links, visit a bounded number of entries, and yield regular files only;
- a write makes its missing folders and replaces its file atomically, through the same
  descriptors, so it cannot land outside the tree either.

The jobs folder itself is the server's configuration (trusted); everything below it is not.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import ArtifactTooLarge, RefusedFile

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
#: entries visited by one listing, at most
MAX_WALK_ENTRIES = 20_000
_READ_CHUNK = 1 << 20


def valid_part(part: str) -> bool:
    """A single path component that names an entry of its folder (no separators, no dots)."""
    return bool(part) and part not in (".", "..") and "/" not in part and "\x00" not in part


def _describe(parts: Sequence[str]) -> str:
    return "/".join(parts)


class ContainedTree:
    """Access to the files below ``root``, contained as the module docstring says."""

    def __init__(self, root: os.PathLike | str):
        self.root = Path(root).expanduser()

    # -- walking ---------------------------------------------------------------------------------
    def _open_dir(self, parts: Sequence[str]) -> int:
        """A file descriptor of the folder ``root/parts`` reached without following any link.

        Raises FileNotFoundError when it does not exist, RefusedFile when a component is a link
        or not a folder.
        """
        fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
        try:
            for index, part in enumerate(parts):
                if not valid_part(part):
                    raise FileNotFoundError(errno.ENOENT, "not a plain path component", part)
                try:
                    child = os.open(part, _DIR_FLAGS, dir_fd=fd)
                except OSError as exc:
                    if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                        raise RefusedFile(
                            f"{_describe(parts[: index + 1])} in the jobs folder is a symbolic link or not a "
                            "folder; the server does not follow links out of a job folder."
                        ) from None
                    if isinstance(exc, FileNotFoundError):
                        raise
                    raise RefusedFile(
                        f"{_describe(parts[: index + 1])} in the jobs folder cannot be opened ({exc.strerror})."
                    ) from None
                os.close(fd)
                fd = child
        except BaseException:
            os.close(fd)
            raise
        return fd

    def lstat(self, parts: Sequence[str]) -> os.stat_result | None:
        """The entry's own status (never a link's target), or None when absent or not reachable."""
        if not parts or not all(valid_part(p) for p in parts):
            return None
        try:
            fd = self._open_dir(parts[:-1])
        except (OSError, RefusedFile):
            return None
        try:
            return os.stat(parts[-1], dir_fd=fd, follow_symlinks=False)
        except OSError:
            return None
        finally:
            os.close(fd)

    def is_file(self, parts: Sequence[str]) -> bool:
        st = self.lstat(parts)
        return st is not None and stat.S_ISREG(st.st_mode)

    def is_dir(self, parts: Sequence[str]) -> bool:
        if not parts:
            return self.root.is_dir()
        st = self.lstat(parts)
        return st is not None and stat.S_ISDIR(st.st_mode)

    def entries(self, parts: Sequence[str] = ()) -> list[tuple[str, os.stat_result]]:
        """(name, own status) of the entries of a folder, sorted by name; [] when it is absent."""
        try:
            fd = self._open_dir(parts)
        except (OSError, RefusedFile):
            return []
        try:
            out = []
            for name in sorted(os.listdir(fd))[:MAX_WALK_ENTRIES]:
                try:
                    out.append((name, os.stat(name, dir_fd=fd, follow_symlinks=False)))
                except OSError:
                    continue
            return out
        finally:
            os.close(fd)

    # -- reading ---------------------------------------------------------------------------------
    def read(self, parts: Sequence[str], max_bytes: int, what: str) -> bytes:
        """The bytes of the regular file ``root/parts``, at most ``max_bytes`` of them.

        Raises FileNotFoundError when absent, RefusedFile for a link or a non-regular file,
        ArtifactTooLarge above the limit (nothing is read then).
        """
        if not parts or not all(valid_part(p) for p in parts):
            raise FileNotFoundError(errno.ENOENT, "not a plain path", _describe(parts))
        dir_fd = self._open_dir(parts[:-1])
        try:
            try:
                fd = os.open(parts[-1], _FILE_FLAGS, dir_fd=dir_fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.EMLINK):
                    raise RefusedFile(
                        f"{what} is a symbolic link; the server reads only regular files inside the jobs folder."
                    ) from None
                if isinstance(exc, (FileNotFoundError, NotADirectoryError)):
                    raise
                raise RefusedFile(f"{what} cannot be read ({exc.strerror}).") from None
        finally:
            os.close(dir_fd)
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise RefusedFile(f"{what} is not a regular file (a folder, pipe or device); it is not read.")
            if st.st_size > max_bytes:
                raise ArtifactTooLarge(
                    f"{what} is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit for this file; it is not read."
                )
            chunks, total = [], 0
            while total <= max_bytes:
                try:
                    chunk = os.read(fd, min(_READ_CHUNK, max_bytes + 1 - total))
                except OSError as exc:
                    raise RefusedFile(f"{what} cannot be read ({exc.strerror}).") from None
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            if total > max_bytes:  # the file grew while being read
                raise ArtifactTooLarge(f"{what} is over the {max_bytes:,}-byte limit for this file; it is not read.")
            return b"".join(chunks)
        finally:
            os.close(fd)

    def walk_files(self, parts: Sequence[str], limit: int) -> Iterator[tuple[tuple[str, ...], int]]:
        """(path parts relative to ``parts``, size) of the regular files below a folder, sorted,
        depth first; links are neither followed nor listed; at most ``limit`` files and
        MAX_WALK_ENTRIES entries visited; one folder open at a time (each reached from the top
        again, without following links), so a tree of many folders cannot exhaust descriptors."""
        visited = 0
        found = 0
        stack: list[tuple[str, ...]] = [()]
        while stack:
            rel = stack.pop()
            try:
                fd = self._open_dir((*parts, *rel))
            except (OSError, RefusedFile):
                continue
            subdirs = []
            try:
                names = sorted(os.listdir(fd))
                files = []
                for name in names:
                    visited += 1
                    if visited > MAX_WALK_ENTRIES:
                        stack.clear()
                        break
                    try:
                        st = os.stat(name, dir_fd=fd, follow_symlinks=False)
                    except OSError:
                        continue
                    if stat.S_ISREG(st.st_mode):
                        files.append((name, st.st_size))
                    elif stat.S_ISDIR(st.st_mode) and valid_part(name):
                        subdirs.append(name)
            finally:
                os.close(fd)
            for name, size in files:
                if found >= limit:
                    return
                found += 1
                yield (*rel, name), size
            stack.extend((*rel, name) for name in reversed(subdirs))

    # -- writing ---------------------------------------------------------------------------------
    def write(self, parts: Sequence[str], data: bytes) -> None:
        """Replace (or create) the regular file ``root/parts`` with ``data``, atomically; missing
        folders are made on the way. RefusedFile when a component is a link or not a folder."""
        if not parts or not all(valid_part(p) for p in parts):
            raise FileNotFoundError(errno.ENOENT, "not a plain path", _describe(parts))
        for depth in range(len(parts) - 1):
            fd = self._open_dir(parts[:depth])
            try:
                os.mkdir(parts[depth], 0o755, dir_fd=fd)
            except FileExistsError:
                pass  # (a link or a file there is refused by the next _open_dir)
            finally:
                os.close(fd)
        dir_fd = self._open_dir(parts[:-1])
        temporary = f".{parts[-1]}.{os.getpid()}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(temporary, flags, 0o644, dir_fd=dir_fd)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.replace(temporary, parts[-1], src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            try:
                os.unlink(temporary, dir_fd=dir_fd)
            except OSError:
                pass
            raise
        finally:
            os.close(dir_fd)
