package io.vfmigrate.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * Performs the reads of one batch ({@link Host#readAll}) at the same time on a host whose reads are
 * independent calls (a local host: one process or one file read each), at most {@code limit} at
 * once, and returns what each gave in the order asked. A failure stays in its result, as {@link
 * ReadResult#perform} keeps it.
 */
public final class ConcurrentReads {
  private ConcurrentReads() {}

  public static List<ReadResult> perform(Host host, List<Read> reads, int limit) {
    if (reads.size() < 2 || limit < 2) {
      return reads.stream().map(r -> ReadResult.perform(host, r)).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(limit, reads.size()), daemons());
    try {
      List<CompletableFuture<ReadResult>> running = new ArrayList<>();
      for (Read r : reads) {
        running.add(CompletableFuture.supplyAsync(() -> ReadResult.perform(host, r), pool));
      }
      return running.stream().map(ConcurrentReads::join).toList();
    } finally {
      pool.shutdown();
    }
  }

  /**
   * {@code work} on a thread of its own (not the common pool, whose tasks may be waiting for this
   * one).
   */
  public static <T> CompletableFuture<T> async(Supplier<T> work) {
    CompletableFuture<T> done = new CompletableFuture<>();
    daemons()
        .newThread(
            () -> {
              try {
                done.complete(work.get());
              } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
              }
            })
        .start();
    return done;
  }

  /** What a read gave; an unexpected error is thrown as the read threw it. */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Daemon threads: a read that hangs until its command's timeout never keeps the JVM alive. */
  private static ThreadFactory daemons() {
    return runnable -> {
      Thread t = new Thread(runnable, "vfmigrate-read");
      t.setDaemon(true);
      return t;
    };
  }
}
