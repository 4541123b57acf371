package io.vfmigrate.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.lab.state.LabSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two labs over one store stand for two vfmigrate processes on one lab. */
class LabWriteThroughTest {
  @TempDir Path home;

  private LabStore store() {
    LabStore store = new LabStore(home);
    store.init(LabStore.defaultSpec());
    return store;
  }

  private static String run(Lab lab, String host, String... argv) {
    return lab.host(host).run(Command.of(argv)).stdout();
  }

  @Test
  void twoLabsOverOneStoreInterleaveAndSeeEachOthersChanges() {
    LabStore store = store();
    Lab first = Lab.open(store);
    Lab second = Lab.open(store);
    assertThat(run(second, "src", "systemctl", "is-active", "openvswitch")).isEqualTo("inactive\n");

    first.host("src").run(Command.of("systemctl", "start", "openvswitch"));
    assertThat(store.load().hosts.get("src").services.get("openvswitch")).isEqualTo("active");
    assertThat(run(second, "src", "systemctl", "is-active", "openvswitch")).isEqualTo("active\n");

    assertThat(second.host("dst").createExclusive("/tmp/note", "from the second")).isTrue();
    first.host("dst").createTempFile("x", "y");
    assertThat(first.host("dst").readFile("/tmp/note")).isEqualTo("from the second");
    assertThat(second.read().hosts.get("dst").files).hasSize(2);

    first.clock().sleep(Duration.ofSeconds(3));
    assertThat(second.clock().now()).isEqualTo(VirtualClock.EPOCH.plusSeconds(3));
    second.clock().sleep(Duration.ofSeconds(2));
    assertThat(first.clock().now()).isEqualTo(VirtualClock.EPOCH.plusSeconds(5));
  }

  @Test
  void theStateIsReadAgainOnlyWhenAnotherProcessChangedIt() {
    LabStore store = store();
    Lab first = Lab.open(store);
    Lab second = Lab.open(store);
    LabSpec before = first.read();
    long revision = store.revisionOnDisk();

    run(first, "src", "systemctl", "is-active", "openvswitch");
    assertThat(first.read()).isSameAs(before);
    assertThat(store.revisionOnDisk()).isEqualTo(revision);

    first.host("src").run(Command.of("systemctl", "start", "openvswitch"));
    assertThat(first.read()).isSameAs(before);
    assertThat(store.revisionOnDisk()).isEqualTo(revision + 1);

    second.host("src").run(Command.of("systemctl", "stop", "openvswitch"));
    assertThat(store.revisionOnDisk()).isEqualTo(revision + 2);
    LabSpec after = first.read();
    assertThat(after).isNotSameAs(before);
    assertThat(after.revision).isEqualTo(revision + 2);
    assertThat(after.hosts.get("src").services.get("openvswitch")).isEqualTo("inactive");
  }

  @Test
  void resetAndInitMoveTheRevisionOnSoEveryProcessReadsThem() {
    LabStore store = store();
    Lab lab = Lab.open(store);
    lab.host("src").run(Command.of("systemctl", "start", "openvswitch"));
    long revision = store.revisionOnDisk();

    try (LabStore.Lock lock = store.lock()) {
      store.replace(store.loadInitial());
    }

    assertThat(store.revisionOnDisk()).isGreaterThan(revision);
    assertThat(run(lab, "src", "systemctl", "is-active", "openvswitch")).isEqualTo("inactive\n");
  }

  @Test
  void createExclusiveFromTwoLabsOverOneStoreHasExactlyOneWinner() throws Exception {
    LabStore store = store();
    Lab first = Lab.open(store);
    Lab second = Lab.open(store);
    int claims = 40;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<Boolean>>> results = new ArrayList<>();
      for (Lab lab : List.of(first, second)) {
        Callable<List<Boolean>> claimAll =
            () -> {
              List<Boolean> won = new ArrayList<>();
              for (int i = 0; i < claims; i++) {
                won.add(
                    lab.host("dst")
                        .createExclusive("/run/vfmigrate/claims/vf-" + i, "lab " + lab.hashCode()));
              }
              return won;
            };
        results.add(pool.submit(claimAll));
      }
      List<Boolean> a = results.get(0).get();
      List<Boolean> b = results.get(1).get();
      for (int i = 0; i < claims; i++) {
        assertThat(a.get(i) ^ b.get(i)).as("claim %d has one winner", i).isTrue();
        String winner = "lab " + (a.get(i) ? first : second).hashCode();
        assertThat(store.load().hosts.get("dst").files.get("/run/vfmigrate/claims/vf-" + i))
            .isEqualTo(winner);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
