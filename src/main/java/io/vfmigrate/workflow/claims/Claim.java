package io.vfmigrate.workflow.claims;

import java.util.Optional;

/**
 * A claim file found on a host. {@code owner} is empty when the file cannot be read as a claim
 * ({@code problem} says why): such a claim is of unknown owner, never ignored and never removed by
 * vfmigrate.
 */
public record Claim(
    String host,
    ClaimKind kind,
    String key,
    String path,
    Optional<ClaimOwner> owner,
    String problem) {
  public Claim {
    problem = problem == null ? "" : problem;
  }

  /** For messages: the path and who holds it. */
  public String describe() {
    return path
        + " on "
        + host
        + ": "
        + owner.map(o -> "held by " + o.describe()).orElse("unknown owner (" + problem + ")");
  }
}
