package io.vfmigrate.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.tools.FakeHost;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** A local host's batch: its reads at once, their answers in the order asked. */
class ConcurrentReadsTest {
  @Test
  void theAnswersComeInTheOrderAskedWithFailuresKept() {
    FakeHost fake =
        new FakeHost().on("virsh", "version").stdout("v\n").file("/sys/a", "1\n").file("/b", "2");
    List<Read> reads =
        List.of(
            new Read.File("/sys/a"),
            Read.run("virsh", "version"),
            new Read.File("/missing"),
            new Read.File("/b"));

    List<ReadResult> results = ConcurrentReads.perform(fake, reads, 3);

    assertThat(results).extracting(ReadResult::read).containsExactlyElementsOf(reads);
    assertThat(results.get(0).text()).isEqualTo("1\n");
    assertThat(results.get(1).commandResult().stdout()).isEqualTo("v\n");
    assertThat(results.get(2).error()).isInstanceOf(FileAccessException.class);
    assertThat(results.get(3).text()).isEqualTo("2");
  }

  /**
   * Each read waits at a barrier until all of them have started: done one after another, the first
   * would give up there and the batch would fail.
   */
  @Test
  void theReadsOfABatchRunAtTheSameTime() {
    int n = 4;
    CyclicBarrier together = new CyclicBarrier(n);
    FakeHost fake = new FakeHost();
    for (int i = 0; i < n; i++) {
      fake.file("/f" + i, "v" + i);
    }
    Host waiting =
        new DelegatingHost(fake) {
          @Override
          public String readFile(String path) {
            try {
              together.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
              throw new IllegalStateException("the reads did not run at the same time", e);
            }
            return super.readFile(path);
          }
        };
    List<Read> reads =
        List.of(
            new Read.File("/f0"), new Read.File("/f1"), new Read.File("/f2"), new Read.File("/f3"));

    assertThat(ConcurrentReads.perform(waiting, reads, n))
        .extracting(ReadResult::text)
        .containsExactly("v0", "v1", "v2", "v3");
  }

  @Test
  void anUnexpectedErrorIsThrownAsTheReadThrewIt() {
    Host broken =
        new DelegatingHost(new FakeHost()) {
          @Override
          public String readFile(String path) {
            throw new IllegalStateException("boom " + path);
          }
        };

    assertThatThrownBy(
            () ->
                ConcurrentReads.perform(
                    broken, List.of(new Read.File("/a"), new Read.File("/b")), 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("boom");
  }

  /** A host that does what another does, for a test to override one operation. */
  private static class DelegatingHost extends ForwardingHost {
    DelegatingHost(Host delegate) {
      super(delegate);
    }

    /** Read by read, through this host's own operations (a test overrides one of them). */
    @Override
    public List<ReadResult> readAll(List<Read> reads) {
      return reads.stream().map(r -> ReadResult.perform(this, r)).toList();
    }
  }
}
