package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.Read;
import io.vfmigrate.testing.BoundedWait;
import io.vfmigrate.tools.FakeHost;
import io.vfmigrate.workflow.SnapshotHost;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The guards' view of a snapshot whose later batches are still read: what it knows now is answered
 * now, anything else once those reads have ended, and nothing is read twice.
 */
class AwaitedHostTest {
  private static final Command VERSION = Command.of("virsh", "version");
  private static final Command COMPARE =
      Command.of("virsh", "hypervisor-cpu-compare", "--error", "/dev/stdin");

  private final FakeHost fake =
      new FakeHost()
          .on("virsh", "version")
          .stdout("Running hypervisor: QEMU 8.2.0\n")
          .on("virsh", "hypervisor-cpu-compare", "--error", "/dev/stdin")
          .stdout("CPU described in /dev/stdin is identical to the CPU provided by hypervisor\n")
          .file("/sys/class/net/enp1s0np0/speed", "100000\n");
  private final SnapshotHost seen = new SnapshotHost(fake, true);
  private final CompletableFuture<Void> underWay = new CompletableFuture<>();
  private final AwaitedHost host = new AwaitedHost(seen, underWay);

  private long runs(Command c) {
    return fake.argvs().stream().filter(a -> a.equals(c.argv())).count();
  }

  /** {@code read} on a thread of its own, once that thread waits (or has ended). */
  private <T> CompletableFuture<T> waiting(Supplier<T> read) throws InterruptedException {
    CompletableFuture<T> answer = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                answer.complete(read.get());
              } catch (RuntimeException e) {
                answer.completeExceptionally(e);
              }
            });
    t.start();
    BoundedWait.until(
        "the reader waits or has ended",
        () -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TERMINATED);
    return answer;
  }

  @Test
  void whatTheFirstBatchReadIsAnsweredWhileTheRestIsStillRead() throws Throwable {
    seen.prefetch(List.of(new Read.Run(VERSION)));

    String out = BoundedWait.ends("a known read", () -> host.run(VERSION).stdout());

    assertThat(out).contains("QEMU 8.2.0");
    assertThat(underWay).isNotDone();
    assertThat(runs(VERSION)).isEqualTo(1);
  }

  @Test
  void aReadOfALaterBatchWaitsForItAndIsAnsweredFromIt() throws Throwable {
    Read compare = new Read.Run(COMPARE.withStdin("<domain/>"));
    CompletableFuture<String> answer =
        waiting(() -> host.readAll(List.of(compare)).get(0).commandResult().stdout());
    assertThat(answer).as("asked before its batch was read").isNotDone();

    seen.prefetch(List.of(compare));
    underWay.complete(null);

    assertThat(BoundedWait.ends("the read", answer::join)).contains("identical");
    assertThat(runs(COMPARE)).as("read by its batch only").isEqualTo(1);
  }

  @Test
  void aReadNoBatchMadeIsReadOnItsOwnOnceTheBatchesHaveEnded() throws Throwable {
    CompletableFuture<String> speed =
        waiting(() -> host.readFile("/sys/class/net/enp1s0np0/speed"));
    assertThat(speed).isNotDone();

    underWay.completeExceptionally(new IllegalStateException("a batch failed"));

    assertThat(BoundedWait.ends("the read", speed::join)).isEqualTo("100000\n");
  }

  @Test
  void aWriteWaitsUntilTheReadsUnderWayHaveEnded() throws Throwable {
    CompletableFuture<Boolean> written =
        waiting(
            () -> {
              host.writeFile("/run/vfmigrate/x", "y");
              return true;
            });
    assertThat(written).isNotDone();
    assertThat(fake.writes()).isEmpty();

    underWay.complete(null);

    assertThat(BoundedWait.ends("the write", written::join)).isTrue();
    assertThat(fake.writes()).hasSize(1);
  }
}
