package io.vfmigrate.workflow.journal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A journal that lives as long as its process: for tests and for in-memory labs (lab bench, lab
 * demo's dry parts). It keeps exactly what the SQLite journal keeps.
 */
public final class InMemoryJournal implements Journal {
  private final Map<String, OperationRecord> operations = new LinkedHashMap<>();
  private final List<StepRecord> steps = new ArrayList<>();
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
  private final List<ClaimRecord> claims = new ArrayList<>();
  private final Map<String, List<DowntimeLimit>> limits = new LinkedHashMap<>();
  private final Map<String, PredictionRecord> predictions = new LinkedHashMap<>();
  private long nextStep = 1;
  private long nextOperation = 1;

  @Override
  public synchronized String begin(OperationStart start) {
    String id = "op-" + nextOperation++;
    operations.put(
        id,
        new OperationRecord(
            id,
            start.kind(),
            start.vm(),
            start.hosts(),
            start.started(),
            start.machine(),
            start.pid(),
            start.arguments(),
            Optional.empty(),
            start.parent()));
    return id;
  }

  @Override
  public synchronized long stepStarted(
      String operation, String host, String description, String command, Instant at) {
    long id = nextStep++;
    steps.add(
        new StepRecord(
            id,
            operation,
            host,
            description,
            command,
            StepState.RUNNING,
            at,
            Optional.empty(),
            ""));
    return id;
  }

  @Override
  public synchronized void stepEnded(long step, StepState state, Instant at, String detail) {
    for (int i = 0; i < steps.size(); i++) {
      StepRecord s = steps.get(i);
      if (s.id() == step) {
        steps.set(
            i,
            new StepRecord(
                s.id(),
                s.operation(),
                s.host(),
                s.description(),
                s.command(),
                state,
                s.started(),
                Optional.of(at),
                detail));
      }
    }
  }

  @Override
  public synchronized void sample(String operation, Sample sample) {
    samples.computeIfAbsent(operation, k -> new ArrayList<>()).add(sample);
  }

  @Override
  public synchronized void downtimeLimit(String operation, DowntimeLimit limit) {
    requireOperation(operation);
    limits.computeIfAbsent(operation, k -> new ArrayList<>()).add(limit);
  }

  @Override
  public synchronized void predicted(String operation, PredictionRecord prediction) {
    requireOperation(operation);
    predictions.put(operation, prediction);
  }

  @Override
  public synchronized List<DowntimeLimit> downtimeLimits(String operation) {
    return List.copyOf(limits.getOrDefault(operation, List.of()));
  }

  @Override
  public synchronized Optional<PredictionRecord> prediction(String operation) {
    return Optional.ofNullable(predictions.get(operation));
  }

  /** As the SQLite journal's reference from a row to its operation. */
  private void requireOperation(String operation) {
    if (!operations.containsKey(operation)) {
      throw new IllegalArgumentException("no operation " + operation);
    }
  }

  @Override
  public synchronized void claimTaken(String operation, String host, String path, Instant at) {
    claims.add(new ClaimRecord(operation, host, path, at, Optional.empty()));
  }

  @Override
  public synchronized void claimReleased(String operation, String host, String path, Instant at) {
    for (int i = 0; i < claims.size(); i++) {
      ClaimRecord c = claims.get(i);
      if (c.operation().equals(operation)
          && c.host().equals(host)
          && c.path().equals(path)
          && c.released().isEmpty()) {
        claims.set(i, new ClaimRecord(operation, host, path, c.taken(), Optional.of(at)));
      }
    }
  }

  @Override
  public synchronized void end(String operation, OperationEnd end) {
    OperationRecord r = operations.get(operation);
    if (r == null) {
      throw new IllegalArgumentException("no operation " + operation);
    }
    operations.put(
        operation,
        new OperationRecord(
            r.id(),
            r.kind(),
            r.vm(),
            r.hosts(),
            r.started(),
            r.machine(),
            r.pid(),
            r.arguments(),
            Optional.of(end),
            r.parent()));
  }

  @Override
  public synchronized List<OperationRecord> operations(
      Optional<String> vm, Optional<String> host, int limit) {
    return operations.values().stream()
        .filter(o -> vm.isEmpty() || o.vm().equals(vm))
        .filter(o -> host.isEmpty() || o.hosts().contains(host.get()))
        .sorted(Comparator.comparing(OperationRecord::started).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized Optional<OperationRecord> operation(String id) {
    return Optional.ofNullable(operations.get(id));
  }

  @Override
  public synchronized List<StepRecord> steps(String operation) {
    return steps.stream().filter(s -> s.operation().equals(operation)).toList();
  }

  @Override
  public synchronized List<Sample> samples(String operation) {
    return List.copyOf(samples.getOrDefault(operation, List.of()));
  }

  @Override
  public synchronized List<ClaimRecord> claims(String operation) {
    return claims.stream().filter(c -> c.operation().equals(operation)).toList();
  }

  @Override
  public synchronized List<OperationRecord> children(String parent) {
    return operations.values().stream()
        .filter(o -> o.parent().equals(Optional.of(parent)))
        .sorted(Comparator.comparing(OperationRecord::started))
        .toList();
  }

  @Override
  public synchronized List<OperationRecord> unfinished() {
    return operations.values().stream()
        .filter(o -> !o.finished())
        .sorted(Comparator.comparing(OperationRecord::started))
        .toList();
  }
}
