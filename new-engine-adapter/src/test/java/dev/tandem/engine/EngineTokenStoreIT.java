package dev.tandem.engine;

import dev.tandem.model.TokenField;
import dev.tandem.model.TokenStore;
import dev.tandem.testing.TokenStoreContract;
import org.junit.jupiter.api.AfterAll;

import java.util.Set;

/** The store contract against the engine on a real PostgreSQL. */
class EngineTokenStoreIT extends TokenStoreContract {
    private EngineTestDatabase database;

    @Override
    protected TokenStore createStore() {
        database = EngineTestDatabase.create();
        return new EngineTokenStore(database.sessions());
    }

    @Override
    protected Set<TokenField> expectedApproximatedFields() {
        return Set.of();
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
