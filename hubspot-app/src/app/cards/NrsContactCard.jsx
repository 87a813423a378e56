import React, { useCallback, useEffect, useState } from "react";
import {
  Button,
  ButtonRow,
  Divider,
  EmptyState,
  ErrorState,
  Flex,
  LoadingSpinner,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  hubspot,
} from "@hubspot/ui-extensions";

// The connector's public base URL; the deploy replaces it (see prepare.sh), like every URL of this project.
const CONNECTOR = "https://connector.example.com";

// The contact's recent messages and their statuses (served by the connector, signed by HubSpot).
const MESSAGES_URL = `${CONNECTOR}/hubspot/card/messages`;
// The connector's hosted send forms, opened in an iframe modal: the card answer carries a fresh single-use link to
// each (forms.sms.url, forms.voice.url).
const SMS_FORM_URL = `${CONNECTOR}/forms/sms`;
const VOICE_FORM_URL = `${CONNECTOR}/forms/voice`;

const STATUS_VARIANTS = {
  DELIVERED: "success",
  CLICKED: "success",
  RESPONSE: "success",
  SENT: "info",
  PENDING: "default",
  NOT_DELIVERED: "danger",
  NOT_SENT: "danger",
  UNSUBSCRIBED: "warning",
  KEY_PRESSED: "info",
};

hubspot.extend(({ context, actions }) => <NrsContactCard context={context} actions={actions} />);

function NrsContactCard({ context, actions }) {
  const portalId = context.portal.id;
  const contactId = context.crm.objectId;
  const [messages, setMessages] = useState(null);
  const [forms, setForms] = useState({});
  const [error, setError] = useState(null);

  const load = useCallback(() => {
    setError(null);
    const query = new URLSearchParams({ portalId: String(portalId), contactId: String(contactId) });
    hubspot
      .fetch(`${MESSAGES_URL}?${query}`, { method: "GET", timeout: 10000 })
      .then((response) => {
        if (!response.ok) {
          throw new Error(`the connector answered ${response.status}`);
        }
        return response.json();
      })
      .then((body) => {
        setMessages(body.messages || []);
        setForms(body.forms || {});
      })
      .catch((e) => setError(e.message));
  }, [portalId, contactId]);

  useEffect(load, [load]);

  // Each link is good for one send: the list (and fresh links) are read again when the modal closes.
  const openForm = (form, fallbackUrl, title) => {
    const query = new URLSearchParams({ portalId: String(portalId), contactId: String(contactId) });
    const uri = forms[form] && forms[form].url ? forms[form].url : `${fallbackUrl}?${query}`;
    actions.openIframeModal({ uri, width: 640, height: 720, title, flush: false }, load);
  };
  const openSmsForm = () => openForm("sms", SMS_FORM_URL, "Send SMS through 360NRS");
  const openVoiceForm = () => openForm("voice", VOICE_FORM_URL, "Send Voice Message through 360NRS");

  return (
    <Flex direction="column" gap="sm">
      <ButtonRow>
        <Button variant="primary" onClick={openSmsForm}>
          Send SMS
        </Button>
        <Button onClick={openVoiceForm}>Send Voice Message</Button>
      </ButtonRow>
      <Divider />
      <MessageList messages={messages} error={error} onRetry={load} />
    </Flex>
  );
}

function MessageList({ messages, error, onRetry }) {
  if (error) {
    return (
      <ErrorState title="The messages could not be loaded">
        <Text>{error}</Text>
        <Button onClick={onRetry}>Try again</Button>
      </ErrorState>
    );
  }
  if (messages === null) {
    return <LoadingSpinner label="Loading messages" />;
  }
  if (messages.length === 0) {
    return (
      <EmptyState title="No messages yet" layout="vertical">
        <Text>SMS and voice messages sent to this contact through 360nrs show here with their status.</Text>
      </EmptyState>
    );
  }
  return (
    <Table bordered={true}>
      <TableHead>
        <TableRow>
          <TableHeader>Sent</TableHeader>
          <TableHeader>Campaign</TableHeader>
          <TableHeader>Status</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {messages.map((message) => (
          <TableRow key={message.id}>
            <TableCell>{message.createdAt}</TableCell>
            <TableCell>{message.campaignName}</TableCell>
            <TableCell>
              <StatusTag variant={STATUS_VARIANTS[message.status] || "default"}>{message.status}</StatusTag>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
