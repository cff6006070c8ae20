"""Uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to disk encrypted.

Django's default handler writes them to a temporary file in clear before a view sees them,
and an attachment or an HTCDS import is exactly what must not sit on disk in clear. Here the
spool is an unlinked temporary file whose bytes are AES-256-CTR encrypted under a key that
exists only in this process's memory, for as long as the upload object lives. CTR lets reads
and seeks go anywhere in the file, which the streaming importer needs. (Integrity is not at
stake: the spool never leaves the process.) Anything past TIPNET_MAX_UPLOAD_BYTES is not
stored at all; the upload then reports its full size so the view refuses it with a message.

Leaf module: imports no tipnet app.
"""

from __future__ import annotations

import io
import os
import tempfile
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

BLOCK = 16


class EncryptedSpool(io.RawIOBase):
    def __init__(self) -> None:
        super().__init__()
        self._file = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)
        self._key = os.urandom(32)
        self._counter0 = int.from_bytes(os.urandom(BLOCK), "big") >> 32  # room to count
        self._pos = 0
        self.size = 0

    def _xor_at(self, offset: int, data: bytes) -> bytes:
        block, skip = divmod(offset, BLOCK)
        counter = ((self._counter0 + block) % (1 << 128)).to_bytes(BLOCK, "big")
        cipher = Cipher(algorithms.AES(self._key), modes.CTR(counter)).encryptor()
        return cipher.update(b"\0" * skip + data)[skip:]

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        self._file.seek(self._pos)
        self._file.write(self._xor_at(self._pos, data))
        self._pos += len(data)
        self.size = max(self.size, self._pos)
        return len(data)

    def readinto(self, buffer: Any) -> int:
        self._file.seek(self._pos)
        raw = self._file.read(len(buffer))
        plain = self._xor_at(self._pos, raw)
        buffer[:len(plain)] = plain
        self._pos += len(plain)
        return len(plain)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self.size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def fileno(self) -> int:
        raise io.UnsupportedOperation("an encrypted spool has no file descriptor to share")

    def close(self) -> None:
        if not self.closed:
            self._file.close()
            self._key = b""
        super().close()


class EncryptedUploadedFile(UploadedFile):
    def __init__(self, spool: EncryptedSpool, name: str, content_type: str, size: int,
                 charset: str | None, content_type_extra: dict | None = None):
        spool.seek(0)
        super().__init__(io.BufferedReader(spool, buffer_size=256 * 1024), name, content_type,
                         size, charset, content_type_extra)


class EncryptedTemporaryFileUploadHandler(FileUploadHandler):
    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.spool = EncryptedSpool()
        self.received = 0
        self.limit = settings.TIPNET_MAX_UPLOAD_BYTES

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= self.limit:
            self.spool.write(raw_data)
        return None  # consumed (or, past the limit, dropped)

    def file_complete(self, file_size: int) -> UploadedFile:
        return EncryptedUploadedFile(self.spool, self.file_name, self.content_type,
                                     self.received, self.charset, self.content_type_extra)
