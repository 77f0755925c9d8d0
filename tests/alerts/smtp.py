"""A real SMTP server for the digest tests (aiosmtpd on 127.0.0.1, a free port)."""

import asyncio
import threading
from email import message_from_bytes
from email.policy import default

from aiosmtpd.controller import Controller


class Mailbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted"


class HoldingMailbox(Mailbox):
    """Keep the first message, then hold back the "250 accepted" until `release` is set.

    The message is the server's from the moment it is kept: a sender killed while waiting
    for the answer has delivered it without knowing (the digest's kill test, checklist R3).
    """

    def __init__(self):
        super().__init__()
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        answer = await super().handle_DATA(server, session, envelope)
        if len(self.messages) == 1:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
        return answer


class LocalController(Controller):
    """Controller on port 0: the OS picks a free port, read back once it listens."""

    def _trigger_server(self):
        if not self.port:
            self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    """Start, stop and restart (on the same port) a local SMTP server."""

    def __init__(self, mailbox=None):
        self.mailbox = mailbox or Mailbox()
        self.port = 0
        self.controller = None

    def start(self):
        self.controller = LocalController(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.port = self.controller.port

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.mailbox.messages
