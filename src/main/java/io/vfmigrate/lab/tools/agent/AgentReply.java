package io.vfmigrate.lab.tools.agent;

import java.util.Optional;

/**
 * What libvirt returns for one guest agent command: the agent's JSON reply on one line, or the
 * libvirt error text (without virsh's {@code error: } prefix).
 */
public record AgentReply(Optional<String> json, Optional<String> error) {
  static AgentReply ok(String json) {
    return new AgentReply(Optional.of(json), Optional.empty());
  }

  static AgentReply error(String message) {
    return new AgentReply(Optional.empty(), Optional.of(message));
  }
}
