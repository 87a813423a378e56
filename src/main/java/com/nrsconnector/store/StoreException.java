package com.nrsconnector.store;

import java.sql.SQLException;

/** A database failure; unchecked so routes can hand it to the common error handling. */
public class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
