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
// The connector's hosted send form, opened in an iframe modal.
const SMS_FORM_URL = `${CONNECTOR}/forms/sms`;

const STATUS_VARIANTS = {
  DELIVERED: "success",
  CLICKED: "success",
  RESPONSE: "success",
  SENT: "info",
  PENDING: "default",
  NOT_DELIVERED: "danger",
  NOT_SENT: "danger",
  UNSUBSCRIBED: "warning",
};

hubspot.extend(({ context, actions }) => <NrsContactCard context={context} actions={actions} />);

function NrsContactCard({ context, actions }) {
  const portalId = context.portal.id;
  const contactId = context.crm.objectId;
  const [messages, setMessages] = useState(null);
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
      .then((body) => setMessages(body.messages || []))
      .catch((e) => setError(e.message));
  }, [portalId, contactId]);

  useEffect(load, [load]);

  const openSmsForm = () => {
    const query = new URLSearchParams({ portalId: String(portalId), contactId: String(contactId) });
    // The form closes the modal itself when the SMS is sent; the list is read again afterwards.
    actions.openIframeModal(
      { uri: `${SMS_FORM_URL}?${query}`, width: 640, height: 720, title: "Send SMS through 360NRS", flush: false },
      load
    );
  };

  return (
    <Flex direction="column" gap="sm">
      <ButtonRow>
        <Button variant="primary" onClick={openSmsForm}>
          Send SMS
        </Button>
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
        <Text>SMS sent to this contact through 360nrs show here with their status.</Text>
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
