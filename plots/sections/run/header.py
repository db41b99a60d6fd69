"""The title, the machine and the run as a table, and a warning when the
machine gave noticeably fewer cores than it has."""
import os

import rundata
from markdown import cell, para, table


def render(run_dir: str) -> str:
    info = rundata.meta(run_dir)
    has_summary = os.path.isfile(os.path.join(run_dir, "summary.csv"))
    run_id = os.path.basename(os.path.realpath(run_dir))
    out = f"# gilbench report: {run_id}\n\n" + para(rundata.machine_line(info))

    date = info.get("date", "")
    if len(date) == 20 and date[10] == "T" and date.endswith("Z"):
        date = f"{date[:10]} {date[11:19]} UTC"
    online = info.get("online_cores", "")
    measured = info.get("measured_cores", "")
    if measured in ("", "not measured"):
        cores = f"{online} online, not measured" + (" (--no-probe)" if has_summary else "")
    else:
        cores = f"{online} online, {measured} measured by the probe"
    facts = [("date", date or "unknown"), ("host", info.get("host", "")),
             ("cpu_model", info.get("cpu_model", "")), ("cores", cores),
             ("os_kernel", info.get("os_kernel", "")), ("compiler", info.get("compiler", "")),
             ("cflags", info.get("cflags", "")), ("commit", info.get("commit", "")),
             ("command", f"gilbench {info.get('options', '')}")]
    out += table(["run", ""], [(k, f"`{cell(v)}`" if v else "unknown") for k, v in facts], "ll")

    cores_given = rundata.num(measured)
    n_online = rundata.online_cores(info)
    if cores_given is not None and n_online > 0 and cores_given < 0.9 * n_online:
        out += (f"> **Warning: this machine gave only {measured} of its {n_online} cores** during the "
                "probe at the\n> start (under 90%). Speedups here are capped by the cores the machine "
                "really gave, not by the\n> code; a shared or virtual machine may have been busy. "
                "Re-run when it is idle to compare.\n\n")
    elif has_summary and cores_given is None:
        out += "> Cores were not probed (--no-probe): a flat speedup may be a busy machine, not the code.\n\n"
    return out
