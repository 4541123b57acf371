package io.vfmigrate.workflow.claims;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.workflow.claims.Acquisition.Acquired;
import java.util.List;
import java.util.Objects;

/**
 * One operation taking claims: the claims library, this process and the operation's id. Workflows
 * that take claims get one; the operation id is the journal's once it is wired in.
 */
public record Claimant(Claims claims, ControlProcess process, String operation) {
  public Claimant {
    Objects.requireNonNull(claims, "claims");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(operation, "operation");
  }

  /** {@code operation} run by this process, judged against this machine's processes. */
  public static Claimant forOperation(String operation) {
    return new Claimant(Claims.onThisMachine(), ControlProcess.current(), operation);
  }

  /** The owner written into claims taken now. */
  public ClaimOwner owner() {
    return process.owner(operation);
  }

  public Acquisition acquire(Fleet fleet, List<ClaimRequest> requests) {
    return claims.acquire(fleet, requests, owner());
  }

  /** Releases what {@link #acquire} took; returns what could not be released, to warn about. */
  public List<String> release(Acquired acquired) {
    return claims.release(acquired);
  }

  public ClaimLiveness liveness() {
    return claims.liveness();
  }
}
