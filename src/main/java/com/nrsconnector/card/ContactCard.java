package com.nrsconnector.card;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Header;

import com.nrsconnector.api.RequestRejectedException;
import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.store.Portal;
import com.nrsconnector.store.PortalStore;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Route step of the contact-record card (a signed {@code hubspot.fetch} from the HubSpot app card): the contact's
 * recent messages and their statuses, and fresh links to the send forms.
 */
@ApplicationScoped
@Named("contactCard")
@RegisterForReflection
public class ContactCard {

    @Inject
    MessageStore store;

    @Inject
    PortalStore portals;

    @Inject
    FormLinks links;

    @Inject
    ConnectorConfig config;

    public CardAnswer answer(
            @Header("portalId") String portalIdParameter, @Header("contactId") String contactIdParameter) {
        long portalId = FormLinks.portalId(portalIdParameter);
        String contactId = FormLinks.contactId(contactIdParameter);
        connectedPortal(portals, portalId);
        List<CardAnswer.Message> messages = store
                .recent(portalId, contactId, config.card().recentMessages())
                .stream()
                .map(m -> new CardAnswer.Message(
                        m.id(),
                        m.channel().name(),
                        m.sender(),
                        m.campaignName(),
                        String.valueOf(m.createdAt()),
                        m.status().name(),
                        m.reason()))
                .toList();
        FormLinks.Issued sms = links.issue(FormLinks.SMS, portalId, contactId);
        FormLinks.Issued voice = links.issue(FormLinks.VOICE, portalId, contactId);
        return new CardAnswer(
                portalId,
                contactId,
                messages,
                Map.of(
                        FormLinks.SMS,
                        new CardAnswer.FormLink(sms.url(), sms.expiresAt().toString()),
                        FormLinks.VOICE,
                        new CardAnswer.FormLink(voice.url(), voice.expiresAt().toString())));
    }

    /** The portal, refused as the workflow action refuses it: unknown is 404, disconnected 409. */
    static Portal connectedPortal(PortalStore portals, long portalId) {
        Portal portal = portals.find(portalId)
                .orElseThrow(() -> RequestRejectedException.notFound(
                        "portal " + portalId + " is not connected to this connector"));
        if (!portal.connected()) {
            throw new RequestRejectedException(
                    409, "portal " + portalId + " has been disconnected; reconnect it before sending", null);
        }
        return portal;
    }
}
