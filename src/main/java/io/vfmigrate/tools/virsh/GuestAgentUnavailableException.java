package io.vfmigrate.tools.virsh;

import io.vfmigrate.host.CommandResult;
import io.vfmigrate.tools.ToolException;

/**
 * libvirt could not reach the QEMU guest agent. The texts come from libvirt's {@code
 * qemuDomainAgentAvailable} and agent code: {@code Guest agent is not responding: QEMU guest agent
 * is not connected} (VIR_ERR_AGENT_UNRESPONSIVE, the channel exists but no agent answers), {@code
 * argument unsupported: QEMU guest agent is not configured} (no channel in the domain XML), and
 * {@code Guest agent is not responding: Guest agent disappeared while executing command}.
 */
public final class GuestAgentUnavailableException extends ToolException {
  private static final long serialVersionUID = 1L;

  GuestAgentUnavailableException(String message, String fix, CommandResult result) {
    super(message, fix, result);
  }

  /** True when virsh's error text says the agent is absent or not answering. */
  static boolean matches(String errorText) {
    return errorText.contains("Guest agent is not responding")
        || errorText.contains("QEMU guest agent is not configured")
        || errorText.contains("QEMU guest agent is not connected")
        || errorText.contains("guest agent command timed out");
  }

  static GuestAgentUnavailableException of(String host, String vm, CommandResult result) {
    String text = result.errorText();
    String fix =
        text.contains("not configured")
            ? "add the guest agent channel to the domain (<channel type='unix'><target"
                + " type='virtio' name='org.qemu.guest_agent.0'/></channel>) and restart it."
            : "start the agent inside the guest: systemctl enable --now qemu-guest-agent (install"
                + " the qemu-guest-agent package if it is missing).";
    return new GuestAgentUnavailableException(
        "The QEMU guest agent of " + vm + " on " + host + " is not available: " + text,
        fix,
        result);
  }
}
