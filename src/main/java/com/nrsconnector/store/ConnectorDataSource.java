package com.nrsconnector.store;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource.DataSourceLiteral;
import io.quarkus.arc.Arc;

/** Exposes whichever datasource is active (embedded H2 or PostgreSQL) under one name, for the beans that use it. */
@ApplicationScoped
public class ConnectorDataSource {

    @Produces
    @Singleton
    @Named("connectorDb")
    DataSource connectorDb(@ConfigProperty(name = "connector.db.active") String active) {
        return Arc.container()
                .select(AgroalDataSource.class, new DataSourceLiteral(active))
                .get();
    }
}
