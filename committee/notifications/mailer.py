"""Deliver a message by SMTP (or, in development without a mail server, to the log)."""

import logging
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any, Protocol

logger = logging.getLogger(__name__)


class MailError(Exception):
    """The mail server could not take the message; worth trying again later."""


@dataclass(frozen=True)
class Letter:
    """A message ready to go: addresses, subject and both parts."""

    to: list[str]
    cc: list[str]
    subject: str
    text: str
    html: str
    # The part of the Message-ID before the @: the same on every attempt at one outbox
    # row, so a mail server that got it before (its answer lost) can drop the repeat.
    message_key: str


class Mailer(Protocol):
    def send(self, letter: Letter) -> None: ...


def build_email(letter: Letter, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = ", ".join(letter.to)
    if letter.cc:
        email["Cc"] = ", ".join(letter.cc)
    email["Subject"] = letter.subject
    email["Date"] = formatdate(localtime=False)
    domain = sender.rpartition("@")[2].rstrip(">") or "localhost"
    email["Message-ID"] = f"<{letter.message_key}@{domain}>"
    email.set_content(letter.text)
    email.add_alternative(letter.html, subtype="html")
    return email


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 30.0  # a server that answers later may still take the message: see message_key

    def send(self, letter: Letter) -> None:
        email = build_email(letter, self.sender)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(email)
        except (smtplib.SMTPException, OSError) as error:
            raise MailError(f"{type(error).__name__}: {error}") from error


@dataclass(frozen=True)
class LogMailer:
    """For development without a mail server: write each message to the log, as sent."""

    sender: str

    def send(self, letter: Letter) -> None:
        logger.info(
            "Mail (no SMTP_HOST set, so not sent) to %s: %s\n%s",
            ", ".join(letter.to + letter.cc),
            letter.subject,
            letter.text,
        )


def mailer_for(config: Mapping[str, Any]) -> Mailer:
    """The mail server the settings name, or the log when there is none (development)."""
    if not config["SMTP_HOST"]:
        return LogMailer(sender=config["MAIL_FROM"])
    return SmtpMailer(
        host=config["SMTP_HOST"],
        port=config["SMTP_PORT"],
        sender=config["MAIL_FROM"],
        username=config["SMTP_USERNAME"],
        password=config["SMTP_PASSWORD"],
        starttls=config["SMTP_STARTTLS"],
        timeout=config["SMTP_TIMEOUT_SECONDS"],
    )
