package dev.tandem.engine;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * One page of a table in id order, after a given id: the scan both engine stores answer. Keyset,
 * not offset, so that a page costs the same wherever it starts and rows written meanwhile neither
 * repeat nor skip others.
 */
final class KeysetPage {
    private KeysetPage() {
    }

    /**
     * @param entity  an entity whose id is a text column; its HQL name is its simple class name
     * @param afterId null for the first page
     */
    static <E> Uni<List<E>> read(Mutiny.SessionFactory sessions, Class<E> entity, String afterId, int limit) {
        String from = "from " + entity.getSimpleName();
        return sessions.withStatelessSession(session -> (afterId == null
                ? session.createSelectionQuery(from + " order by id", entity)
                : session.createSelectionQuery(from + " where id > :after order by id", entity).setParameter("after", afterId))
                .setMaxResults(limit)
                .getResultList());
    }
}
