"""What the rules say to people, for fal and for the local sandbox: the same facts, told truthfully for each
(the sandbox is free, and it stops with the program that started it)."""

from __future__ import annotations

from dataclasses import dataclass

from gamecraft_desktop.core.texts import Texts

#: What the rules say, in words (core/texts.py: the name is the translation context).
JobWording = Texts("JobWording")


@dataclass(frozen=True)
class Where:
    """Sentences about a job on fal (`sandbox` False) or on the local sandbox."""

    sandbox: bool

    @classmethod
    def of(cls, mode: str) -> Where:
        return cls(sandbox=mode == "sandbox")

    @property
    def name(self) -> str:
        return JobWording.tr("the sandbox") if self.sandbox else "fal"

    # --- submitting --------------------------------------------------------------------------------

    def submit_uncertain(self, detail: str) -> str:
        if self.sandbox:
            return (JobWording.tr("{detail}. The submit may have reached the sandbox; it was not sent "
                                  "again (Sandbox mode is free: Re-run sends it again).").format(
                        detail=detail.rstrip('.')))
        return (JobWording.tr("{detail}. The submit may have reached fal: the job may exist and be billed. "
                              "It was not sent again; check your fal dashboard before sending it again "
                              "(Re-run sends it deliberately).").format(detail=detail.rstrip('.')))

    def stopped_while_submitting(self) -> str:
        if self.sandbox:
            return (JobWording.tr("The app stopped while this job was being submitted to the sandbox. It "
                                  "was not sent again; Re-run sends it again (free)."))
        return (JobWording.tr("The app stopped while this job was being submitted: fal may or may not have "
                              "it (and may bill it). It was not sent again; use Re-run to send it "
                              "deliberately."))

    def never_reached(self, detail: str) -> str:
        if self.sandbox:
            return JobWording.tr("{detail}, again and again: the job never reached the sandbox's queue. Try "
                                 "again in a minute.").format(detail=detail.rstrip("."))
        return JobWording.tr("{detail}, again and again: the job never reached fal's queue (nothing was "
                             "billed). Try again in a minute.").format(detail=detail.rstrip("."))

    def interrupted_before_sending(self) -> str:
        return (JobWording.tr("Interrupted before sending: the command line that started this job stopped "
                              "before it reached {name}. Nothing was sent. Send it, or discard it.").format(
                    name=self.name))

    def driven_elsewhere(self) -> str:
        return JobWording.tr("The command line is running this job right now; it is shown here as it goes "
                             "(stop it there, with Ctrl+C).")

    def sandbox_gone(self) -> str:
        return (JobWording.tr("The sandbox that ran this job stopped with the command that started it; "
                              "nothing was billed (Sandbox mode is free). Re-run makes it again."))

    # --- failures ------------------------------------------------------------------------------------

    def failed_after_completed(self, detail: str) -> str:
        if self.sandbox:
            return (JobWording.tr("The generation failed in the sandbox after its queue completed it "
                                  "({detail}). Re-run sends it again.").format(detail=detail.rstrip('.')))
        return (JobWording.tr("The generation failed on fal after its queue completed it ({detail}). fal "
                              "does not bill a run its app failed; it is not sent again on its own: Re-run "
                              "sends it as a new job.").format(detail=detail.rstrip('.')))

    def result_unavailable(self, detail: str) -> str:
        if self.sandbox:
            return JobWording.tr("The sandbox could not hand over the result ({detail}). The job itself may be "
                                 "fine: fetching it again is free.").format(detail=detail.rstrip("."))
        return JobWording.tr("fal could not hand over the result ({detail}). The job itself may be fine: "
                             "fetching it again is free.").format(detail=detail.rstrip("."))

    def keeps_results(self) -> str:
        if self.sandbox:
            return JobWording.tr("The sandbox keeps results only while it runs; this one is gone.")
        return JobWording.tr("fal keeps results about an hour; this one is gone.")

    # --- cancelling ----------------------------------------------------------------------------------

    def cancelled_on_server(self) -> str:
        return JobWording.tr("Cancelled on {name}.").format(name=self.name)

    def cancel_running_warning(self) -> str:
        """Asked before cancelling a job that already runs."""
        if self.sandbox:
            return (JobWording.tr("The sandbox is already running this job. It imitates fal: a running job "
                                  "ignores the cancel and usually finishes. Sandbox mode is free, so "
                                  "nothing is billed; if it finishes, its video is still downloaded and "
                                  "kept.\n\nCancel anyway?"))
        return (JobWording.tr("fal is already running this job. A cancel is sent, but the GameCraft app "
                              "ignores cancel signals: it will probably finish and be billed anyway. If it "
                              "does, its video is still downloaded and kept.\n\nCancel anyway?"))

    def cancel_pending(self, running: bool) -> str:
        if running and self.sandbox:
            return (JobWording.tr("Cancel requested. The sandbox is already running it and may finish it "
                                  "anyway (free): if so, the video is kept."))
        if running:
            return (JobWording.tr("Cancel requested. fal is already running it and may finish it anyway "
                                  "(and bill it): if so, the video is kept."))
        return JobWording.tr("Cancel requested: waiting for {name} to drop it from its queue.").format(
                   name=self.name)

    def cancel_sent(self, running: bool, accepted: bool) -> str:
        if not accepted and self.sandbox:
            return JobWording.tr("The sandbox had nothing to cancel: the job had already finished. Fetching its "
                                 "result.")
        if not accepted:
            return JobWording.tr("fal had nothing to cancel: the job had already finished. Fetching its result.")
        if running and self.sandbox:
            return JobWording.tr("Cancel sent. The sandbox is already running it and may finish it anyway (free): "
                                 "if so, the video is kept.")
        if running:
            return JobWording.tr("Cancel sent. fal is already running it and may finish it anyway (and bill it): "
                                 "if so, the video is kept.")
        return JobWording.tr("Cancel sent: waiting for {name} to drop it from its queue.").format(
                   name=self.name)

    def cancelled_from_queue(self) -> str:
        if self.sandbox:
            return JobWording.tr("Cancelled: the sandbox dropped it from its queue before it ran (Sandbox "
                                 "mode is free).")
        return JobWording.tr("Cancelled: fal dropped it from its queue before it ran (not billed).")

    def finished_despite_cancel(self) -> str:
        if self.sandbox:
            return (JobWording.tr("Finished despite cancel: the sandbox ran it to the end (free), so the "
                                  "video was downloaded and kept."))
        return (JobWording.tr("Finished despite cancel: fal ran it to the end (and bills it), so the video "
                              "was downloaded and kept."))

    def cancelled_after_submit(self) -> str:
        return JobWording.tr("Cancelled right after {name} accepted it; the cancel was sent.").format(
                   name=self.name)
