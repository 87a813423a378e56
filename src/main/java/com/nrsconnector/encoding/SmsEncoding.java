package com.nrsconnector.encoding;

/**
 * The character encoding an SMS is sent with, named as the 360nrs API expects it in the request field {@code encoding}.
 */
public enum SmsEncoding {

    /** GSM 7-bit default alphabet plus its extension table (3GPP TS 23.038 §6.2.1). */
    GSM7("gsm"),

    /** GSM 7-bit with the Portuguese national language locking and/or single shift table (NLI 3). */
    GSM7_PT("gsm-pt"),

    /** UCS-2, sent as UTF-16BE so that characters outside the BMP survive as surrogate pairs. */
    UCS2("utf-16");

    private final String nrsCode;

    SmsEncoding(String nrsCode) {
        this.nrsCode = nrsCode;
    }

    /** The value of the 360nrs request field {@code encoding}: "gsm", "gsm-pt" or "utf-16". */
    public String nrsCode() {
        return nrsCode;
    }
}
