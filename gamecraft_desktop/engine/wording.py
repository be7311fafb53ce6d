"""What the rules say to people, for fal and for the local sandbox: the same facts, told truthfully for each
(the sandbox is free, and it stops with the program that started it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """Sentences about a job on fal (`sandbox` False) or on the local sandbox."""

    sandbox: bool

    @classmethod
    def of(cls, mode: str) -> Where:
        return cls(sandbox=mode == "sandbox")

    @property
    def name(self) -> str:
        return "the sandbox" if self.sandbox else "fal"

    # --- submitting --------------------------------------------------------------------------------

    def submit_uncertain(self, detail: str) -> str:
        if self.sandbox:
            return (f"{detail.rstrip('.')}. The submit may have reached the sandbox; it was not sent again "
                    "(Sandbox mode is free: Re-run sends it again).")
        return (f"{detail.rstrip('.')}. The submit may have reached fal: the job may exist and be billed. It was "
                "not sent again; check your fal dashboard before sending it again (Re-run sends it deliberately).")

    def stopped_while_submitting(self) -> str:
        if self.sandbox:
            return ("The app stopped while this job was being submitted to the sandbox. It was not sent again; "
                    "Re-run sends it again (free).")
        return ("The app stopped while this job was being submitted: fal may or may not have it (and may bill "
                "it). It was not sent again; use Re-run to send it deliberately.")

    def never_reached(self, detail: str) -> str:
        billed = "" if self.sandbox else " (nothing was billed)"
        return (f"{detail.rstrip('.')}, again and again: the job never reached {self.name}'s queue{billed}. "
                "Try again in a minute.")

    def interrupted_before_sending(self) -> str:
        return ("Interrupted before sending: the command line that started this job stopped before it reached "
                f"{self.name}. Nothing was sent. Send it, or discard it.")

    def sandbox_gone(self) -> str:
        return ("The sandbox that ran this job stopped with the command that started it; nothing was billed "
                "(Sandbox mode is free). Re-run makes it again.")

    # --- failures ------------------------------------------------------------------------------------

    def failed_after_completed(self, detail: str) -> str:
        if self.sandbox:
            return (f"The generation failed in the sandbox after its queue completed it ({detail.rstrip('.')}). "
                    "Re-run sends it again.")
        return (f"The generation failed on fal after its queue completed it ({detail.rstrip('.')}). fal does not "
                "bill a run its app failed; it is not sent again on its own: Re-run sends it as a new job.")

    def keeps_results(self) -> str:
        if self.sandbox:
            return "The sandbox keeps results only while it runs; this one is gone."
        return "fal keeps results about an hour; this one is gone."

    # --- cancelling ----------------------------------------------------------------------------------

    def cancelled_on_server(self) -> str:
        return f"Cancelled on {self.name}."

    def cancel_running_warning(self) -> str:
        """Asked before cancelling a job that already runs."""
        if self.sandbox:
            return ("The sandbox is already running this job. It imitates fal: a running job ignores the cancel "
                    "and usually finishes. Sandbox mode is free, so nothing is billed; if it finishes, its video "
                    "is still downloaded and kept.\n\nCancel anyway?")
        return ("fal is already running this job. A cancel is sent, but the GameCraft app ignores cancel "
                "signals: it will probably finish and be billed anyway. If it does, its video is still "
                "downloaded and kept.\n\nCancel anyway?")

    def cancel_pending(self, running: bool) -> str:
        if running and self.sandbox:
            return ("Cancel requested. The sandbox is already running it and may finish it anyway (free): if "
                    "so, the video is kept.")
        if running:
            return ("Cancel requested. fal is already running it and may finish it anyway (and bill it): if so, "
                    "the video is kept.")
        return f"Cancel requested: waiting for {self.name} to drop it from its queue."

    def cancel_sent(self, running: bool, accepted: bool) -> str:
        if not accepted:
            return f"{self.name.capitalize()} had nothing to cancel: the job had already finished. Fetching its result."
        if running:
            bill = "free" if self.sandbox else "and bill it"
            return (f"Cancel sent. {self.name.capitalize()} is already running it and may finish it anyway "
                    f"({bill}): if so, the video is kept.")
        return f"Cancel sent: waiting for {self.name} to drop it from its queue."

    def cancelled_from_queue(self) -> str:
        if self.sandbox:
            return "Cancelled: the sandbox dropped it from its queue before it ran (Sandbox mode is free)."
        return "Cancelled: fal dropped it from its queue before it ran (not billed)."

    def finished_despite_cancel(self) -> str:
        if self.sandbox:
            return ("Finished despite cancel: the sandbox ran it to the end (free), so the video was downloaded "
                    "and kept.")
        return ("Finished despite cancel: fal ran it to the end (and bills it), so the video was downloaded and "
                "kept.")

    def cancelled_after_submit(self) -> str:
        return f"Cancelled right after {self.name} accepted it; the cancel was sent."
