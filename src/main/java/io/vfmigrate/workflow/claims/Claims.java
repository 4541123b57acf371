package io.vfmigrate.workflow.claims;

import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.host.Read;
import io.vfmigrate.host.ReadResult;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.workflow.claims.Acquisition.Acquired;
import io.vfmigrate.workflow.claims.Acquisition.Refused;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Claims on the hosts themselves, so that vfmigrate runs on any number of control machines never
 * take the same VF, MAC or migration slot: a claim is a file under {@value #ROOT} created with
 * {@link Host#createExclusive} (atomic: of two runs, exactly one creates it), holding its owner
 * ({@link ClaimFile}). There is no daemon and no lock server, and no "check, then act": taking the
 * claim is the check. {@code /run} is cleared by a reboot, as is the VF state the claims protect.
 *
 * <p>One operation takes all its claims in one {@link #acquire} call, in a fixed global order (host
 * name, then kind, then key), and gives up at the first one it cannot take, releasing what it took:
 * two runs never wait on each other, and of two runs that want the same claims one gets them all.
 */
public final class Claims {
  public static final String ROOT = "/run/vfmigrate";

  /** NVIDIA and RHEL: at most 4 VFs of one ConnectX-7 PF may migrate at the same time. */
  public static final int SLOTS_PER_PF = 4;

  private final ClaimLiveness liveness;

  public Claims(ClaimLiveness liveness) {
    this.liveness = liveness;
  }

  /** Claims judged against this machine's processes. */
  public static Claims onThisMachine() {
    return new Claims(ClaimLiveness.onThisMachine());
  }

  public ClaimLiveness liveness() {
    return liveness;
  }

  /** The file of a claim: {@code /run/vfmigrate/claims/<VF>}, {@code .../slots/<PF>/slot-N}, ... */
  public static String path(ClaimKind kind, String key) {
    return kind.directory() + "/" + key;
  }

  /** Takes every claim of {@code requests} on the fleet's hosts, or none. */
  public Acquisition acquire(Fleet fleet, List<ClaimRequest> requests, ClaimOwner owner) {
    return acquire(fleet.all().stream().map(ManagedHost::host).toList(), requests, owner);
  }

  /**
   * Takes every claim of {@code requests}, in the fixed global order, or none: at the first claim
   * another run holds, the claims taken so far are released and the refusal names the holders. A
   * host that fails (an SSH connection that drops) also releases what was taken, then throws.
   */
  public Acquisition acquire(
      Collection<? extends Host> hosts, List<ClaimRequest> requests, ClaimOwner owner) {
    Map<String, Host> byName = new HashMap<>();
    for (Host h : hosts) {
      byName.put(h.name(), h);
    }
    List<ClaimRequest> ordered = requests.stream().sorted(ClaimRequest.ORDER).toList();
    Set<ClaimRequest> seen = new HashSet<>();
    for (ClaimRequest r : ordered) {
      if (!byName.containsKey(r.host())) {
        throw new IllegalArgumentException("no host " + r.host() + " for " + r.describe());
      }
      if (r.kind() != ClaimKind.SLOT && !seen.add(r)) {
        throw new IllegalArgumentException(r.describe() + " is asked for twice");
      }
    }
    List<HeldClaim> taken = new ArrayList<>();
    Map<String, Integer> nextSlot = new HashMap<>();
    try {
      for (ClaimRequest r : ordered) {
        Host host = byName.get(r.host());
        Optional<HeldClaim> got =
            r.kind() == ClaimKind.SLOT
                ? takeSlot(host, r.target(), owner, nextSlot)
                : take(host, r.kind(), r.target(), owner);
        if (got.isEmpty()) {
          List<String> problems = release(taken);
          return new Refused(r, holdersOf(host, r), problems);
        }
        taken.add(got.get());
      }
    } catch (RuntimeException e) {
      for (String problem : release(taken)) {
        e.addSuppressed(new IllegalStateException(problem));
      }
      throw e;
    }
    return new Acquired(owner, taken);
  }

  private static Optional<HeldClaim> take(Host host, ClaimKind kind, String key, ClaimOwner owner) {
    String path = path(kind, key);
    String content = ClaimFile.render(kind, key, owner);
    return host.createExclusive(path, content)
        ? Optional.of(new HeldClaim(host, kind, key, path, content))
        : Optional.empty();
  }

  /** The first free slot of the PF, after those this call already took there. */
  private static Optional<HeldClaim> takeSlot(
      Host host, String pf, ClaimOwner owner, Map<String, Integer> nextSlot) {
    String where = host.name() + " " + pf;
    for (int n = nextSlot.getOrDefault(where, 1); n <= SLOTS_PER_PF; n++) {
      Optional<HeldClaim> got = take(host, ClaimKind.SLOT, pf + "/slot-" + n, owner);
      if (got.isPresent()) {
        nextSlot.put(where, n + 1);
        return got;
      }
    }
    return Optional.empty();
  }

  private List<Holder> holdersOf(Host host, ClaimRequest r) {
    List<Claim> claims =
        r.kind() == ClaimKind.SLOT
            ? list(host, ClaimKind.SLOT).stream()
                .filter(c -> c.key().startsWith(r.target() + "/"))
                .toList()
            : read(host, r.kind(), r.target()).stream().toList();
    return claims.stream().map(liveness::judge).toList();
  }

  /** Releases every claim of an acquisition; see {@link #release(List)}. */
  public List<String> release(Acquired acquired) {
    return release(acquired.claims());
  }

  /**
   * Removes the claims, last taken first. A claim is removed only while it still holds what this
   * run wrote (one cleared by {@code recover} and taken by another run is left to that run). Never
   * throws: what could not be removed is returned, one sentence each, for the caller to warn about.
   */
  public List<String> release(List<HeldClaim> claims) {
    List<String> problems = new ArrayList<>();
    List<ReadResult> contents = readEach(claims);
    for (int i = claims.size() - 1; i >= 0; i--) {
      HeldClaim held = claims.get(i);
      Host host = held.host();
      try {
        String now;
        try {
          now = contents.get(i).text();
        } catch (FileAccessException e) {
          if (e.isNoSuchFile()) {
            continue;
          }
          throw e;
        }
        if (!now.equals(held.content())) {
          problems.add(
              held.path()
                  + " on "
                  + host.name()
                  + " no longer holds this run's claim (it was cleared and taken again); left it");
          continue;
        }
        host.deleteFile(held.path());
      } catch (VfmigrateException e) {
        problems.add(
            "could not remove "
                + held.path()
                + " on "
                + host.name()
                + ": "
                + e.getMessage()
                + "; vfmigrate recover removes it once this process has ended");
      }
    }
    return problems;
  }

  /** What each claim file holds now, read in one batch per host (one exec over SSH). */
  private static List<ReadResult> readEach(List<HeldClaim> claims) {
    Map<Host, List<Integer>> byHost = new IdentityHashMap<>();
    for (int i = 0; i < claims.size(); i++) {
      byHost.computeIfAbsent(claims.get(i).host(), h -> new ArrayList<>()).add(i);
    }
    ReadResult[] out = new ReadResult[claims.size()];
    for (Map.Entry<Host, List<Integer>> e : byHost.entrySet()) {
      List<Read> reads =
          e.getValue().stream().map(i -> (Read) new Read.File(claims.get(i).path())).toList();
      List<ReadResult> results = e.getKey().readAll(reads);
      for (int k = 0; k < results.size(); k++) {
        out[e.getValue().get(k)] = results.get(k);
      }
    }
    return Arrays.asList(out);
  }

  /** Every claim file on the host: VF claims, then slots, then MAC reservations. */
  public static List<Claim> list(Host host) {
    List<Claim> out = new ArrayList<>();
    for (ClaimKind kind : ClaimKind.values()) {
      out.addAll(list(host, kind));
    }
    return out;
  }

  /** The claim files of one kind on the host, ordered by key. */
  public static List<Claim> list(Host host, ClaimKind kind) {
    List<Claim> out = new ArrayList<>();
    for (String name : names(host, kind.directory())) {
      if (kind != ClaimKind.SLOT) {
        read(host, kind, name).ifPresent(out::add);
        continue;
      }
      List<String> slots;
      try {
        slots = host.listDirectory(kind.directory() + "/" + name);
      } catch (FileAccessException e) {
        if (!e.isNoSuchFile()) {
          // A file where a PF's directory of slots belongs: not ours, but not ignored either.
          read(host, kind, name).ifPresent(out::add);
        }
        continue;
      }
      for (String slot : slots) {
        read(host, kind, name + "/" + slot).ifPresent(out::add);
      }
    }
    return out;
  }

  /** The claim of this kind and key, when its file exists. */
  public static Optional<Claim> read(Host host, ClaimKind kind, String key) {
    String path = path(kind, key);
    String content;
    try {
      content = host.readFile(path);
    } catch (FileAccessException e) {
      if (e.isNoSuchFile()) {
        return Optional.empty();
      }
      return Optional.of(
          new Claim(host.name(), kind, key, path, Optional.empty(), "cannot read: " + e.reason()));
    }
    ClaimFile.Parsed parsed = ClaimFile.parse(content, kind, key);
    return Optional.of(new Claim(host.name(), kind, key, path, parsed.owner(), parsed.problem()));
  }

  /** Every claim on the host with whether its owner still runs. */
  public List<Holder> holders(Host host) {
    return list(host).stream().map(liveness::judge).toList();
  }

  public List<Holder> holders(Host host, ClaimKind kind) {
    return list(host, kind).stream().map(liveness::judge).toList();
  }

  /**
   * Removes the stale claims on the host (owners that are gone), for {@code recover}; returns what
   * it removed. A claim is re-read just before it is removed and left when its owner changed.
   * Claims of unknown owner are never removed.
   */
  public List<Holder> removeStale(Host host) {
    List<Holder> removed = new ArrayList<>();
    for (Holder h : holders(host)) {
      if (!h.stale()) {
        continue;
      }
      Claim c = h.claim();
      Optional<Claim> again = read(host, c.kind(), c.key());
      if (again.isPresent() && again.get().owner().equals(c.owner())) {
        host.deleteFile(c.path());
        removed.add(h);
      }
    }
    return removed;
  }

  /** The names in a claim directory; a directory that does not exist holds no claims. */
  private static List<String> names(Host host, String dir) {
    try {
      return host.listDirectory(dir);
    } catch (FileAccessException e) {
      if (e.isNoSuchFile()) {
        return List.of();
      }
      throw e;
    }
  }
}
