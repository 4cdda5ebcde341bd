package dev.tandem.orchestrator.instances;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class NodeIdClaimsTest {
    private static final long LIVE = 6_000;
    private final NodeIdClaims claims = new NodeIdClaims(LIVE, 255);
    private final UUID first = UUID.randomUUID();
    private final UUID second = UUID.randomUUID();

    @Test
    void ofTwoLiveInstancesNamingOneIdTheEarlierClaimHoldsIt() {
        claims.add(claim(second, 3), 10, 0);
        claims.add(claim(first, 3), 7, 0);
        claims.add(alive(second, 3, 10), 12, 100);

        assertThat(claims.holder(3, 200)).map(NodeIdClaims.Peer::instance).contains(first);
    }

    @Test
    void anInstanceSilentForTheLiveWindowHoldsNothing() {
        claims.add(claim(first, 3), 7, 0);
        claims.add(claim(second, 3), 10, 1_000);

        assertThat(claims.holder(3, LIVE - 1)).map(NodeIdClaims.Peer::instance).contains(first);
        assertThat(claims.holder(3, LIVE)).map(NodeIdClaims.Peer::instance).contains(second);
        assertThat(claims.live(LIVE)).extracting(NodeIdClaims.Peer::instance).containsExactly(second);
    }

    @Test
    void aLeavingInstanceFreesItsIdAtOnce() {
        claims.add(claim(first, 0), 1, 0);
        assertThat(claims.lowestFree(10)).hasValue(1);

        claims.add(new Presence(first, Presence.Kind.LEAVING, 0, 1, 0, 0, "a:1"), 2, 20);

        assertThat(claims.holder(0, 30)).isEmpty();
        assertThat(claims.lowestFree(30)).hasValue(0);
    }

    @Test
    void theLowestFreeIdSkipsEveryLiveOneAndNoneIsLeftWhenAllAreHeld() {
        NodeIdClaims small = new NodeIdClaims(LIVE, 2);
        small.add(claim(first, 0), 1, 0);
        small.add(claim(second, 2), 2, 0);
        assertThat(small.lowestFree(1)).hasValue(1);

        small.add(claim(UUID.randomUUID(), 1), 3, 0);
        assertThat(small.lowestFree(1)).isEmpty();
    }

    @Test
    void aRecordNamingAnIdOutOfRangeIsIgnored() {
        claims.add(claim(first, 256), 1, 0);
        claims.add(claim(second, -1), 2, 0);

        assertThat(claims.live(1)).isEmpty();
    }

    private static Presence claim(UUID instance, int nodeId) {
        return new Presence(instance, Presence.Kind.CLAIM, nodeId, -1, 0, 0, "host:" + nodeId);
    }

    private static Presence alive(UUID instance, int nodeId, long claimOffset) {
        return new Presence(instance, Presence.Kind.ALIVE, nodeId, claimOffset, 0, 0, "host:" + nodeId);
    }
}
