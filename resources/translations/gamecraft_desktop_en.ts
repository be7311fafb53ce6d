<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BatchQuestion</name>
    <message numerus="yes">
        <source>Start %n paid job(s)?</source>
        <extracomment>The question&apos;s words (core/texts.py: the name is the translation context).</extracomment>
        <translation>
            <numerusform>Start %n paid job?</numerusform>
            <numerusform>Start %n paid jobs?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generate ×{n} starts %n job(s) on fal ({seeds}). Each one is billed.</source>
        <translation>
            <numerusform>Generate ×{n} starts %n job on fal ({seeds}). Each one is billed.</numerusform>
            <numerusform>Generate ×{n} starts %n jobs on fal ({seeds}). Each one is billed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Start %n job(s)</source>
        <translation>
            <numerusform>Start %n job</numerusform>
            <numerusform>Start %n jobs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BeforePaying</name>
    <message numerus="yes">
        <source>%n run(s) · seeds —</source>
        <translation>
            <numerusform>%n run · seeds —</numerusform>
            <numerusform>%n runs · seeds —</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) · seeds {first}–{last}</source>
        <translation>
            <numerusform>%n run · seeds {first}–{last}</numerusform>
            <numerusform>%n runs · seeds {first}–{last}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n move(s) · {frames} frames · {seconds} s</source>
        <translation>
            <numerusform>%n move · {frames} frames · {seconds} s</numerusform>
            <numerusform>%n moves · {frames} frames · {seconds} s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Downloads</name>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>%n frame(s)</source>
        <translation>
            <numerusform>%n frame</numerusform>
            <numerusform>%n frames</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s) of {size} each</source>
        <translation>
            <numerusform>%n frame of {size} each</numerusform>
            <numerusform>%n frames of {size} each</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FinishedNotifications</name>
    <message numerus="yes">
        <source>%n video(s) ready</source>
        <translation>
            <numerusform>%n video ready</numerusform>
            <numerusform>%n videos ready</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) finished</source>
        <translation>
            <numerusform>%n job finished</numerusform>
            <numerusform>%n jobs finished</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobChoosing</name>
    <message numerus="yes">
        <source>%n starred job(s) are kept</source>
        <translation>
            <numerusform>%n starred job is kept</numerusform>
            <numerusform>%n starred jobs are kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still in progress are kept</source>
        <translation>
            <numerusform>%n job still in progress is kept</numerusform>
            <numerusform>%n jobs still in progress are kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n unstarred job(s) among {where}?</source>
        <translation>
            <numerusform>Delete %n unstarred job among {where}?</numerusform>
            <numerusform>Delete %n unstarred jobs among {where}?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n job(s)</source>
        <translation>
            <numerusform>Delete %n job</numerusform>
            <numerusform>Delete %n jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n job(s); their files are in the trash.</source>
        <translation>
            <numerusform>Deleted %n job; its files are in the trash.</numerusform>
            <numerusform>Deleted %n jobs; their files are in the trash.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n job(s): {t} moved to the trash, {d} deleted (no trash there).</source>
        <translation>
            <numerusform>Deleted %n job: {t} moved to the trash, {d} deleted (no trash there).</numerusform>
            <numerusform>Deleted %n jobs: {t} moved to the trash, {d} deleted (no trash there).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobsRuntime</name>
    <message numerus="yes">
        <source>%n job(s) still running on {server}. Change the server once they have finished (or cancel them).</source>
        <translation>
            <numerusform>%n job is still running on {server}. Change the server once it has finished (or cancel it).</numerusform>
            <numerusform>%n jobs are still running on {server}. Change the server once they have finished (or cancel them).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Started %n job(s) on the local sandbox (free, simulated).</source>
        <translation>
            <numerusform>Started %n job on the local sandbox (free, simulated).</numerusform>
            <numerusform>Started %n jobs on the local sandbox (free, simulated).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Started %n job(s) on fal.</source>
        <translation>
            <numerusform>Started %n job on fal.</numerusform>
            <numerusform>Started %n jobs on fal.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) still in progress. fal keeps working on them and they resume the next time you start the app (sandbox jobs start again from the beginning). Quit now?</source>
        <extracomment>Replaceable in tests: the question asked once when jobs are in flight. (window, runs, seeds, summary) -&gt; start? Replaceable in tests; the default asks (ui/batch_confirm).</extracomment>
        <translation>
            <numerusform>%n job is still in progress. fal keeps working on it and it resumes the next time you start the app (a sandbox job starts again from the beginning). Quit now?</numerusform>
            <numerusform>%n jobs are still in progress. fal keeps working on them and they resume the next time you start the app (sandbox jobs start again from the beginning). Quit now?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PathDocument</name>
    <message numerus="yes">
        <source>Delete %n move(s)</source>
        <translation>
            <numerusform>Delete %n move</numerusform>
            <numerusform>Delete %n moves</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reorder %n move(s)</source>
        <translation>
            <numerusform>Reorder %n move</numerusform>
            <numerusform>Reorder %n moves</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Duplicate %n move(s)</source>
        <translation>
            <numerusform>Duplicate %n move</numerusform>
            <numerusform>Duplicate %n moves</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PathMapText</name>
    <message numerus="yes">
        <source>{n} speed unit(s)</source>
        <extracomment>The map&apos;s words outside its widget (core/texts.py).</extracomment>
        <translation>
            <numerusform>{n} speed unit</numerusform>
            <numerusform>{n} speed units</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PathMapView</name>
    <message numerus="yes">
        <source>Camera path of %n move(s); it ends {x} right and {y} forward of the start.</source>
        <translation>
            <numerusform>Camera path of %n move; it ends {x} right and {y} forward of the start.</numerusform>
            <numerusform>Camera path of %n moves; it ends {x} right and {y} forward of the start.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Highlighted: move(s) {moves}.</source>
        <translation>
            <numerusform>Highlighted: move {moves}.</numerusform>
            <numerusform>Highlighted: moves {moves}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PromptEditor</name>
    <message numerus="yes">
        <source>%n word(s)</source>
        <translation>
            <numerusform>%n word</numerusform>
            <numerusform>%n words</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RequestRules</name>
    <message numerus="yes">
        <source>The prompt has %n words; the model reads about the first 256 tokens (~200 words).</source>
        <extracomment>The request&apos;s checks in words (core/texts.py: the name is the translation context). The seed is a signed 64-bit integer on the wire (what the endpoint&apos;s int and torch&apos;s generator take). Rough time on fal for one move at the default 5 steps: a 4-move job has been reported at 10+ minutes on an H100 (gamecraft-model.md). Time grows linearly with moves and with steps. Above this estimated time per run (four times the default request) a request is called costly.</extracomment>
        <translation>
            <numerusform>The prompt has %n words; the model reads about the first 256 tokens (~200 words).</numerusform>
            <numerusform>The prompt has %n words; the model reads about the first 256 tokens (~200 words).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n move(s) make a {length} video ({frames} frames)</source>
        <translation>
            <numerusform>%n move make a {length} video ({frames} frames)</numerusform>
            <numerusform>%n moves make a {length} video ({frames} frames)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>at %n step(s) each</source>
        <translation>
            <numerusform>at %n step each</numerusform>
            <numerusform>at %n steps each</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>which may take about {time} on fal per run, {total} for %n runs</source>
        <translation>
            <numerusform>which may take about {time} on fal per run, {total} for %n runs</numerusform>
            <numerusform>which may take about {time} on fal per run, {total} for %n runs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScrubBar</name>
    <message numerus="yes">
        <source>Export range: frames {a}–{b} (%n frame(s)) · I / O move its ends · Alt+X clears it</source>
        <translation>
            <numerusform>Export range: frames {a}–{b} (%n frame) · I / O move its ends · Alt+X clears it</numerusform>
            <numerusform>Export range: frames {a}–{b} (%n frames) · I / O move its ends · Alt+X clears it</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SpeedEditor</name>
    <message numerus="yes">
        <source>Speed of the %n selected move(s) (0.01–3.00)</source>
        <translation>
            <numerusform>Speed of the %n selected move (0.01–3.00)</numerusform>
            <numerusform>Speed of the %n selected moves (0.01–3.00)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The %n selected move(s) have different speeds; a change sets them all (0.01–3.00)</source>
        <translation>
            <numerusform>The %n selected move have different speeds; a change sets them all (0.01–3.00)</numerusform>
            <numerusform>The %n selected moves have different speeds; a change sets them all (0.01–3.00)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SpendText</name>
    <message numerus="yes">
        <source>%n finished fal job(s)</source>
        <translation>
            <numerusform>%n finished fal job</numerusform>
            <numerusform>%n finished fal jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From your last %n fal job(s): {time} per move</source>
        <translation>
            <numerusform>From your last %n fal job: {time} per move</numerusform>
            <numerusform>From your last %n fal jobs: {time} per move</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>From your last %n finished fal job(s) on {endpoint}: median {time} per move at {steps} steps ({range}).</source>
        <translation>
            <numerusform>From your last %n finished fal job on {endpoint}: median {time} per move at {steps} steps ({range}).</numerusform>
            <numerusform>From your last %n finished fal jobs on {endpoint}: median {time} per move at {steps} steps ({range}).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{time} × %n run(s)</source>
        <translation>
            <numerusform>{time} × %n run</numerusform>
            <numerusform>{time} × %n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Estimate for %n move(s) at {steps} steps</source>
        <translation>
            <numerusform>Estimate for %n move at {steps} steps</numerusform>
            <numerusform>Estimate for %n moves at {steps} steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{estimate} × %n run(s)</source>
        <translation>
            <numerusform>{estimate} × %n run</numerusform>
            <numerusform>{estimate} × %n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This Generate (%n run(s))</source>
        <translation>
            <numerusform>This Generate (%n run)</numerusform>
            <numerusform>This Generate (%n runs)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{month}: %n fal run(s) · {time} GPU</source>
        <translation>
            <numerusform>{month}: %n fal run · {time} GPU</numerusform>
            <numerusform>{month}: %n fal runs · {time} GPU</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineText</name>
    <message numerus="yes">
        <source>Speed box: the %n selected move(s) · {speed}</source>
        <translation>
            <numerusform>Speed box: the selected move · {speed}</numerusform>
            <numerusform>Speed box: the %n selected moves · {speed}</numerusform>
        </translation>
    </message>
</context>
</TS>
