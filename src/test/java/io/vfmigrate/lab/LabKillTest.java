package io.vfmigrate.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Command;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.LabSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kill_client} fault ends the process that hit it only once the fault's consumption is on
 * disk, and while that operation still holds the lab: the guards read both hosts on several threads
 * of one process, and a kill taken between another thread's unlock and its check let the process
 * die before the consumption was saved (the next run was killed by the same fault).
 */
class LabKillTest {
  @TempDir Path home;

  private KillWitness labWithKillFault() {
    LabStore store = new LabStore(home);
    LabSpec spec = LabStore.defaultSpec();
    FaultSpec fault = new FaultSpec();
    fault.command = "systemctl start openvswitch";
    fault.killClient = true;
    spec.hosts.get("src").faults.add(fault);
    store.init(spec);
    return new KillWitness(store);
  }

  @Test
  void theThreadThatHitTheFaultDiesInItsOperationAfterTheConsumptionIsSaved() {
    KillWitness witness = labWithKillFault();
    Thread.currentThread().setName("hit");

    hitTheFault(witness.lab);

    assertThat(witness.kills).containsExactly("hit in its operation, faults left on disk: []");
  }

  @Test
  void anotherThreadsOperationNeverTakesTheKillForItself() throws Exception {
    KillWitness witness = labWithKillFault();
    ExecutorService readers = Executors.newFixedThreadPool(2);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch reading = new CountDownLatch(2);
    try {
      List<Future<?>> loops = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        loops.add(
            readers.submit(
                () -> {
                  Thread.currentThread().setName("reader");
                  reading.countDown();
                  while (!stop.get()) {
                    witness.lab.host("dst").run(Command.of("systemctl", "is-active", "libvirtd"));
                  }
                }));
      }
      reading.await(30, TimeUnit.SECONDS);
      Thread.currentThread().setName("hit");
      for (int i = 0; i < 200; i++) {
        witness.lab.exclusive(() -> witness.lab.host("src").run(Command.of("true")));
      }
      hitTheFault(witness.lab);
      stop.set(true);
      for (Future<?> loop : loops) {
        loop.get(60, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      readers.shutdownNow();
    }

    assertThat(witness.kills).containsExactly("hit in its operation, faults left on disk: []");
  }

  private static void hitTheFault(Lab lab) {
    lab.host("src").run(Command.of("systemctl", "start", "openvswitch"));
  }
}
