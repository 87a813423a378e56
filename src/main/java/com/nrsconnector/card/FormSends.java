package com.nrsconnector.card;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.messaging.Channel;
import com.nrsconnector.messaging.MessageStore;
import com.nrsconnector.messaging.SendQueue;
import com.nrsconnector.store.Db;

/**
 * Stores a send made from a form like a workflow send (without a workflow to complete): the message, the link used up
 * by it and its place in the send queue, in one transaction, so a link sends once.
 */
@ApplicationScoped
public class FormSends {

    @Inject
    Db db;

    @Inject
    MessageStore messages;

    @Inject
    SendQueue queue;

    @Inject
    FormLinks links;

    /**
     * The new message's id. It is stored with the contact properties the form read; the send pipeline reads the ones
     * it still needs, as for a workflow.
     */
    public long store(
            FormLinks.Link link,
            Channel channel,
            String sender,
            String template,
            Map<String, String> inputs,
            Map<String, String> contactProperties) {
        Map<String, String> known = new LinkedHashMap<>(contactProperties);
        known.values().removeIf(value -> value == null);
        return db.inTransaction(c -> {
            long id = messages.insertPending(
                    c, null, link.portalId(), link.contactId(), channel, sender, template, inputs, known);
            links.useOnce(c, link, id);
            queue.enqueue(c, id);
            return id;
        });
    }
}
