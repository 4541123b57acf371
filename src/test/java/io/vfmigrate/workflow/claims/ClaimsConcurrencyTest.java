package io.vfmigrate.workflow.claims;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.workflow.claims.Acquisition.Acquired;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs racing for the same claims, on real files created with O_EXCL (LocalHost under a temporary
 * directory): the cap and the uniqueness hold without any check-then-act.
 */
class ClaimsConcurrencyTest {
  private static final PciAddress PF = PciAddress.parse("0000:e1:00.0");
  private static final int ROUNDS = 20;

  @TempDir Path dir;

  private final FakeProcesses processes = new FakeProcesses();
  private final Claims claims = new Claims(new ClaimLiveness("ctl1", processes, op -> false));

  private ClaimOwner owner(int pid) {
    processes.running(pid, Instant.now().minusSeconds(60));
    return new ClaimOwner("op-" + pid, "ctl1", pid, Instant.now());
  }

  /** Starts {@code runs} acquisitions at once and returns what each got. */
  private List<Acquisition> race(int runs, java.util.function.IntFunction<Acquisition> run)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    try {
      CyclicBarrier start = new CyclicBarrier(runs);
      List<Future<Acquisition>> futures = new ArrayList<>();
      for (int i = 1; i <= runs; i++) {
        int pid = i;
        Callable<Acquisition> task =
            () -> {
              start.await();
              return run.apply(pid);
            };
        futures.add(pool.submit(task));
      }
      List<Acquisition> out = new ArrayList<>();
      for (Future<Acquisition> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fiveRunsRacingForTheSlotsOfOnePfAtMostFourWin() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      RootedLocalHost host = new RootedLocalHost("src", dir.resolve("slots-" + round));
      List<Acquisition> results =
          race(
              5,
              pid ->
                  claims.acquire(List.of(host), List.of(ClaimRequest.slot("src", PF)), owner(pid)));

      assertThat(results.stream().filter(Acquired.class::isInstance)).hasSize(4);
      assertThat(Claims.list(host)).hasSize(4);
      assertThat(results.stream().filter(Acquisition.Refused.class::isInstance))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(((Acquisition.Refused) r).holders())
                      .as("the refusal names the four holders")
                      .hasSize(4));
    }
  }

  @Test
  void twoRunsRacingForOneMacExactlyOneWins() throws Exception {
    MacAddress mac = MacAddress.parse("52:54:00:aa:bb:cc");
    for (int round = 0; round < ROUNDS; round++) {
      RootedLocalHost src = new RootedLocalHost("src", dir.resolve("src-" + round));
      RootedLocalHost dst = new RootedLocalHost("dst", dir.resolve("dst-" + round));
      List<Acquisition> results =
          race(
              2,
              pid ->
                  claims.acquire(
                      List.of(src, dst),
                      ClaimRequest.macOnEvery(List.of("dst", "src"), mac),
                      owner(pid)));

      assertThat(results.stream().filter(Acquired.class::isInstance)).hasSize(1);
      Acquired winner =
          (Acquired) results.stream().filter(Acquired.class::isInstance).findFirst().get();
      assertThat(Claims.list(src)).extracting(c -> c.owner().get()).containsExactly(winner.owner());
      assertThat(Claims.list(dst)).extracting(c -> c.owner().get()).containsExactly(winner.owner());
    }
  }
}
