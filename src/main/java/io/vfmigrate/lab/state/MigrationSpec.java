package io.vfmigrate.lab.state;

import java.util.ArrayList;
import java.util.List;

/**
 * An emulated {@code virsh migrate} while it runs, and until the vfmigrate process that started it
 * has read how it ended (runtime). It lives in the lab's state, not in the memory of one process,
 * so that every vfmigrate process sees it ({@code domjobinfo}, {@code domjobabort}, {@code
 * query-migrate}), every process's sleep advances it, and one left behind by a killed vfmigrate is
 * settled as libvirt settles a migration whose client went away.
 */
public class MigrationSpec {
  /** Lab-unique: the domain and the virtual instant the migration started. */
  public String id;

  /** The domain's name on the source. */
  public String vm;

  /** The lab host the domain leaves. */
  public String source;

  /** The lab host it goes to. */
  public String destination;

  /** The domain's name on the destination ({@code --dname}, else the same). */
  public String incoming;

  /** virsh's whole argv, as run: the request is read from it. */
  public List<String> argv = new ArrayList<>();

  /**
   * libvirt's phase of a non-peer-to-peer migration: {@code begin} (Begin and Prepare: the
   * destination's incoming domain exists, QEMU's migration has not started), {@code perform} (QEMU
   * transfers until it completes), {@code finish} (the destination resumes its copy), {@code
   * confirm} (the source kills its copy), {@code ended} (virsh has exited; {@link #result} says
   * how).
   */
  public String phase = "begin";

  /** Lab clock (ms) when virsh migrate started. */
  public long startedAtMs;

  /** Virtual ms since the start. */
  public long elapsedMs;

  /** Virtual ms spent in the current phase (fractional: QEMU completes between two ms). */
  public double phaseElapsedMs;

  /** When virsh next polls the job for its progress line (ms since the start). */
  public long nextPollMs = 500;

  /** True once virsh's {@code --timeout} suspended the guest. */
  public boolean timedOut;

  /** QEMU's migration: its settings and how far it is. */
  public MigrationModelSpec model = new MigrationModelSpec();

  /** The domain's VFs: where each goes, and how the destination VF was before the migration. */
  public List<VfMoveSpec> vfs = new ArrayList<>();

  /** An inactive definition of the domain on the destination that the incoming domain replaced. */
  public VmSpec replaced;

  /**
   * The client went away during Perform and the destination destroyed the incoming QEMU with its
   * connection, while the source's job ran on: the source's stream fails once it can reach the
   * destination host again.
   */
  public boolean incomingGone;

  /** What virsh has written to stderr so far (its progress lines). */
  public String stderr = "";

  /** How virsh ended; null while it runs. */
  public CommandResultSpec result;

  /**
   * The vfmigrate process that runs this virsh (the libvirt client that drives a non-peer-to-peer
   * migration); null once that client is gone and nobody will read the result.
   */
  public OwnerSpec owner;
}
