package com.nrsconnector.unsubscribe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The texts of the unsubscribe page in the languages it speaks, and the choice of one: the contact's language
 * (HubSpot's {@code hs_language}) when known, else the browser's {@code Accept-Language}, else English.
 */
enum PageLanguage {
    EN(
            "en",
            "Unsubscribe from SMS",
            "Do you want to stop receiving SMS messages from us?",
            "Number",
            "Unsubscribe",
            "You have been unsubscribed. You will not receive any more SMS messages from us at this number.",
            "This number is already unsubscribed. You will not receive any more SMS messages from us at it.",
            "Link not valid",
            "This unsubscribe link is not valid. Please check that you opened the whole link from the message.",
            "The confirmation could not be read. Please open the link from the message again and confirm."),
    ES(
            "es",
            "Darse de baja de los SMS",
            "¿Quiere dejar de recibir nuestros SMS?",
            "Número",
            "Darme de baja",
            "Se ha dado de baja. No recibirá más SMS nuestros en este número.",
            "Este número ya estaba dado de baja. No recibirá más SMS nuestros en él.",
            "Enlace no válido",
            "Este enlace de baja no es válido. Compruebe que ha abierto el enlace completo del mensaje.",
            "No se ha podido leer la confirmación. Abra de nuevo el enlace del mensaje y confirme."),
    PT(
            "pt",
            "Cancelar a subscrição de SMS",
            "Pretende deixar de receber as nossas mensagens SMS?",
            "Número",
            "Cancelar subscrição",
            "A sua subscrição foi cancelada. Não receberá mais SMS nossos neste número.",
            "Este número já tinha a subscrição cancelada. Não receberá mais SMS nossos nele.",
            "Ligação inválida",
            "Esta ligação para cancelar a subscrição não é válida. Verifique se abriu a ligação completa da mensagem.",
            "Não foi possível ler a confirmação. Abra novamente a ligação da mensagem e confirme."),
    FR(
            "fr",
            "Se désabonner des SMS",
            "Voulez-vous ne plus recevoir nos SMS ?",
            "Numéro",
            "Me désabonner",
            "Vous êtes désabonné. Vous ne recevrez plus de SMS de notre part à ce numéro.",
            "Ce numéro est déjà désabonné. Vous ne recevrez plus de SMS de notre part à ce numéro.",
            "Lien non valide",
            "Ce lien de désabonnement n'est pas valide. Vérifiez que vous avez ouvert le lien complet du message.",
            "La confirmation n'a pas pu être lue. Ouvrez à nouveau le lien du message et confirmez."),
    IT(
            "it",
            "Annulla l'iscrizione agli SMS",
            "Vuoi smettere di ricevere i nostri SMS?",
            "Numero",
            "Annulla l'iscrizione",
            "Iscrizione annullata. Non riceverai più SMS da noi a questo numero.",
            "Questo numero ha già annullato l'iscrizione. Non riceverai più SMS da noi a questo numero.",
            "Link non valido",
            "Questo link di annullamento non è valido. Verifica di aver aperto il link completo del messaggio.",
            "Non è stato possibile leggere la conferma. Apri di nuovo il link del messaggio e conferma.");

    final String code;
    final String title;
    final String defaultText;
    final String numberLabel;
    final String confirmButton;
    final String done;
    final String alreadyDone;
    final String errorTitle;
    final String invalidLink;
    final String unreadableConfirmation;

    PageLanguage(
            String code,
            String title,
            String defaultText,
            String numberLabel,
            String confirmButton,
            String done,
            String alreadyDone,
            String errorTitle,
            String invalidLink,
            String unreadableConfirmation) {
        this.code = code;
        this.title = title;
        this.defaultText = defaultText;
        this.numberLabel = numberLabel;
        this.confirmButton = confirmButton;
        this.done = done;
        this.alreadyDone = alreadyDone;
        this.errorTitle = errorTitle;
        this.invalidLink = invalidLink;
        this.unreadableConfirmation = unreadableConfirmation;
    }

    /** The contact's language if the page speaks it, else the browser's preferred one it speaks, else English. */
    static PageLanguage choose(String contactLanguage, String acceptLanguage) {
        PageLanguage contact = of(contactLanguage);
        if (contact != null) {
            return contact;
        }
        for (String tag : preferred(acceptLanguage)) {
            PageLanguage browser = of(tag);
            if (browser != null) {
                return browser;
            }
        }
        return EN;
    }

    /** The language of a tag such as {@code es}, {@code pt-br} or {@code pt_BR}; null if the page does not speak it. */
    static PageLanguage of(String tag) {
        if (tag == null) {
            return null;
        }
        String primary = tag.trim().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        for (PageLanguage language : values()) {
            if (language.code.equals(primary)) {
                return language;
            }
        }
        return null;
    }

    /** The tags of an Accept-Language header, most preferred first (at most 20 are looked at). */
    static List<String> preferred(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.length() > 1000) {
            return List.of();
        }
        record Weighted(String tag, double q, int order) {}
        List<Weighted> tags = new ArrayList<>();
        String[] parts = acceptLanguage.split(",", 21);
        for (int i = 0; i < Math.min(parts.length, 20); i++) {
            String[] fields = parts[i].split(";", -1);
            double q = 1;
            for (int f = 1; f < fields.length; f++) {
                String param = fields[f].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0 && !fields[0].isBlank()) {
                tags.add(new Weighted(fields[0].trim(), q, i));
            }
        }
        tags.sort(Comparator.comparingDouble(Weighted::q).reversed().thenComparingInt(Weighted::order));
        return tags.stream().map(Weighted::tag).toList();
    }
}
