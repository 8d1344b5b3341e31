"""The e-mail channel through Frappe's own inbound path (`InboundMail.process`).

Raw RFC 822 mails are fed to an Email Account that appends to Service Ticket,
as the scheduler would after fetching them; nothing is mocked. Each test is
rolled back by the integration conftest.
"""

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import pytest

import frappe
from frappe.email.receive import InboundMail
from frappe.utils import add_days, today

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle
from b2b_helpdesk.service_desk.email_intake import authorised_senders
from tests.integration.factories import make_client, make_contract, make_user, new_ticket

TICKET = "Service Ticket"


@pytest.fixture
def mailbox(erp):
	"""An incoming and outgoing Email Account for tickets, with no server behind it."""
	tag = frappe.generate_hash(length=6)
	frappe.local.outgoing_email_account = {}  # Frappe caches the outgoing account per request
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": f"Service Desk {tag}",
			"email_id": f"service-{tag}@supplier.example",
			"enable_incoming": 1,
			"enable_outgoing": 1,
			"append_to": TICKET,
			"awaiting_password": 1,
			"email_server": "imap.supplier.example",
			"smtp_server": "smtp.supplier.example",
		}
	).insert(ignore_permissions=True)
	yield account
	frappe.local.outgoing_email_account = {}


@pytest.fixture
def client(erp):
	return make_client(erp, "Mail")


def raw_mail(
	sender: str, to: str, subject: str, body: str, in_reply_to: str | None = None, html: str | None = None
) -> str:
	message = EmailMessage()
	message["From"] = sender
	message["To"] = to
	message["Subject"] = subject
	message["Date"] = formatdate(localtime=True)
	message["Message-ID"] = make_msgid(domain="client.example")
	if in_reply_to:
		message["In-Reply-To"] = f"<{in_reply_to}>"
	message.set_content(body)
	if html:
		message.add_alternative(html, subtype="html")
	return message.as_string()


def receive(mailbox, sender: str, subject: str, body: str = "The display case is warm.", **headers):
	"""Process one mail as the Email Account's scheduler job would; return its Communication."""
	return InboundMail(raw_mail(sender, mailbox.email_id, subject, body, **headers), mailbox).process()


def email_of(contact: str) -> str:
	return frappe.db.get_value("Contact", contact, "email_id")


def ticket_of(communication):
	communication.reload()
	assert communication.reference_doctype == TICKET
	return frappe.get_doc(TICKET, communication.reference_name)


def tickets_with(subject: str) -> list[str]:
	return frappe.get_all(TICKET, filters={"subject": ("like", f"%{subject}%")}, pluck="name")


# --- a new mail becomes a ticket ------------------------------------------------------------


def test_mail_from_an_authorised_contact_opens_a_ticket_for_its_customer(mailbox, client):
	contract = make_contract(client.customer, add_days(today(), -30))

	mail = receive(mailbox, f"Store Admin <{email_of(client.contact)}>", "Fridge at store A1 is warm")
	ticket = ticket_of(mail)

	assert ticket.channel == "E-mail"
	assert ticket.customer == client.customer
	assert ticket.contact == client.contact
	assert ticket.contact_email == email_of(client.contact)
	assert ticket.raised_by == email_of(client.contact)
	assert ticket.unidentified_sender == 0
	assert ticket.contract == contract.name
	assert ticket.subject == "Fridge at store A1 is warm"
	assert "The display case is warm." in ticket.description


def test_html_mail_becomes_a_sanitised_description(mailbox, client):
	html = "<p>Compressor <b>clicks</b></p><script>alert(1)</script>"

	ticket = ticket_of(
		receive(mailbox, email_of(client.contact), "Compressor", "Compressor clicks", html=html)
	)

	assert "<b>clicks</b>" in ticket.description
	assert "<script>" not in ticket.description


def test_mail_from_an_unknown_address_waits_for_a_dispatcher_without_customer(mailbox, client):
	mail = receive(mailbox, "someone@elsewhere.example", "Please call me back")
	ticket = ticket_of(mail)

	assert ticket.channel == "E-mail"
	assert ticket.unidentified_sender == 1
	assert not ticket.customer
	assert not ticket.contact
	assert not ticket.contract
	assert ticket.coverage == ""
	assert ticket.raised_by == "someone@elsewhere.example"
	assert ticket.status == lifecycle.OPEN


def test_contact_of_two_customers_is_not_guessed(mailbox, client, erp):
	other = make_client(erp, "Mail Other")
	contact = frappe.get_doc("Contact", client.contact)
	contact.append("links", {"link_doctype": "Customer", "link_name": other.customer})
	contact.save(ignore_permissions=True)

	ticket = ticket_of(receive(mailbox, email_of(client.contact), "Which company am I?"))

	assert len(authorised_senders(email_of(client.contact))) == 2
	assert ticket.unidentified_sender == 1
	assert not ticket.customer
	assert not ticket.contact


def test_contact_without_the_authority_to_raise_tickets_is_not_identified(mailbox, client):
	frappe.db.set_value("Contact", client.contact, "b2b_may_raise_tickets", 0)

	ticket = ticket_of(receive(mailbox, email_of(client.contact), "Lift stuck"))

	assert ticket.unidentified_sender == 1
	assert not ticket.customer


def test_contact_of_a_disabled_customer_is_not_identified(mailbox, client):
	frappe.db.set_value("Customer", client.customer, "disabled", 1)

	ticket = ticket_of(receive(mailbox, email_of(client.contact), "Lift stuck"))

	assert ticket.unidentified_sender == 1
	assert not ticket.customer


def test_secondary_address_of_a_contact_identifies_it(mailbox, client):
	contact = frappe.get_doc("Contact", client.contact)
	contact.add_email("Night.Shift@Client.example")
	contact.save(ignore_permissions=True)

	ticket = ticket_of(receive(mailbox, "night.shift@client.example", "Alarm at night"))

	assert (ticket.customer, ticket.contact) == (client.customer, client.contact)


def test_dispatcher_naming_the_customer_clears_the_flag_and_finds_the_contract(mailbox, client):
	contract = make_contract(client.customer, add_days(today(), -30))
	ticket = ticket_of(receive(mailbox, "new.person@client.example", "POS terminal frozen"))
	assert ticket.unidentified_sender == 1

	ticket.customer = client.customer
	ticket.contact = client.contact
	ticket.save()

	ticket.reload()
	assert ticket.unidentified_sender == 0
	assert ticket.contract == contract.name
	assert ticket.channel == "E-mail"


def test_dispatcher_cannot_save_an_unidentified_ticket_without_naming_the_customer(mailbox):
	ticket = ticket_of(receive(mailbox, "anon@elsewhere.example", "Hello"))

	ticket.priority = "High"
	with pytest.raises(frappe.MandatoryError):
		ticket.save()


def test_desk_ticket_without_customer_still_fails_on_the_mandatory_customer(client):
	ticket = new_ticket(client, customer=None, raised_by="someone@elsewhere.example")

	with pytest.raises(frappe.MandatoryError):
		ticket.insert()
	assert not ticket.unidentified_sender


# --- replies --------------------------------------------------------------------------------


def agent_reply(ticket, text: str = "Which model is it?"):
	"""The agent answers from the ticket; return the sent Communication."""
	return frappe.get_doc("Communication", ticket.reply_to_customer(text))


def agent_reply_to(ticket, recipient: str):
	"""A mail from the ticket's form to any address (the desk's "New Email" composer)."""
	from frappe.core.doctype.communication.email import make

	name = make(
		doctype=TICKET,
		name=ticket.name,
		subject=f"Re: {ticket.subject} [{ticket.name}]",
		content="Please tell us your company.",
		recipients=recipient,
		communication_medium="Email",
		send_email=True,
	)["name"]
	return frappe.get_doc("Communication", name)


def test_agent_reply_queues_a_mail_to_the_contact(mailbox, client):
	ticket = ticket_of(receive(mailbox, email_of(client.contact), "Fridge noisy"))

	sent = agent_reply(ticket)

	queue = frappe.get_all(
		"Email Queue", filters={"communication": sent.name}, fields=["name", "message_id", "reference_name"]
	)
	assert len(queue) == 1
	assert queue[0].reference_name == ticket.name
	recipients = frappe.get_all("Email Queue Recipient", filters={"parent": queue[0].name}, pluck="recipient")
	assert recipients == [email_of(client.contact)]
	assert sent.subject == f"Re: Fridge noisy [{ticket.name}]"


def test_a_dispatcher_can_ask_an_unidentified_sender_who_it_is(mailbox):
	ticket = ticket_of(receive(mailbox, "someone@elsewhere.example", "Please call me back"))

	sent = agent_reply(ticket, "Which company are you writing from?")

	queue = frappe.get_all("Email Queue", filters={"communication": sent.name}, pluck="name")
	recipients = frappe.get_all("Email Queue Recipient", filters={"parent": queue[0]}, pluck="recipient")
	assert recipients == ["someone@elsewhere.example"]


def test_client_reply_to_the_agent_threads_into_the_ticket_and_wakes_it(mailbox, client):
	ticket = ticket_of(receive(mailbox, email_of(client.contact), "Fridge noisy"))
	sent = agent_reply(ticket)
	ticket.reload()
	ticket.status = lifecycle.WAITING_FOR_CUSTOMER
	ticket.save()

	reply = receive(
		mailbox,
		email_of(client.contact),
		f"Re: {sent.subject}",
		"It is the FR-200.",
		in_reply_to=sent.message_id,
	)

	assert ticket_of(reply).name == ticket.name
	assert tickets_with("Fridge noisy") == [ticket.name]
	ticket.reload()
	assert ticket.status == lifecycle.IN_PROGRESS
	assert "FR-200" not in (ticket.description or "")


def test_staff_answering_by_mail_does_not_wake_a_ticket_waiting_for_the_customer(mailbox, client):
	ticket = ticket_of(receive(mailbox, email_of(client.contact), "Fridge noisy"))
	sent = agent_reply(ticket)
	ticket.reload()
	ticket.status = lifecycle.WAITING_FOR_CUSTOMER
	ticket.save()

	reply = receive(mailbox, make_user("Service Dispatcher"), f"Re: {sent.subject}", "Reminder sent.")

	assert ticket_of(reply).name == ticket.name
	assert frappe.db.get_value(TICKET, ticket.name, "status") == lifecycle.WAITING_FOR_CUSTOMER


def test_reply_with_another_subject_threads_by_its_headers(mailbox, client):
	ticket = ticket_of(receive(mailbox, "anon@elsewhere.example", "Hello"))
	outbound = agent_reply_to(ticket, "anon@elsewhere.example")

	reply = receive(mailbox, "anon@elsewhere.example", "Our company", "Acme", in_reply_to=outbound.message_id)

	assert ticket_of(reply).name == ticket.name
	assert frappe.get_doc(TICKET, ticket.name).unidentified_sender == 1


def test_reply_without_threading_headers_finds_the_ticket_by_its_subject_tag(mailbox, client):
	ticket = ticket_of(receive(mailbox, email_of(client.contact), "Fridge noisy"))
	sent = agent_reply(ticket)
	before = frappe.db.count(TICKET)

	reply = receive(mailbox, email_of(client.contact), f"RE: {sent.subject}", "It is the FR-200.")

	assert ticket_of(reply).name == ticket.name
	assert frappe.db.count(TICKET) == before
	assert frappe.db.count("Communication", {"reference_doctype": TICKET, "reference_name": ticket.name}) == 3


def test_colleague_at_the_same_customer_may_answer_by_the_subject_tag(mailbox, client):
	ticket = ticket_of(receive(mailbox, email_of(client.contact), "Fridge noisy"))
	sent = agent_reply(ticket)
	colleague = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Colleague",
			"email_ids": [{"email_id": "colleague@client.example", "is_primary": 1}],
			"links": [{"link_doctype": "Customer", "link_name": client.customer}],
		}
	).insert(ignore_permissions=True)

	reply = receive(mailbox, email_of(colleague.name), f"Re: {sent.subject}", "I am the colleague.")

	assert ticket_of(reply).name == ticket.name


def test_stranger_using_a_subject_tag_gets_a_ticket_of_its_own(mailbox, client):
	ticket = ticket_of(receive(mailbox, email_of(client.contact), "Fridge noisy"))

	mail = receive(mailbox, "stranger@elsewhere.example", f"Re: Fridge noisy [{ticket.name}]")

	other = ticket_of(mail)
	assert other.name != ticket.name
	assert other.unidentified_sender == 1
	assert not other.customer
	assert frappe.db.count("Communication", {"reference_doctype": TICKET, "reference_name": ticket.name}) == 1
