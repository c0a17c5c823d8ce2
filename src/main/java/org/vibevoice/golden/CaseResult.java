package org.vibevoice.golden;

/** The verdict on one case: the worst output's error against its tolerance. */
public record CaseResult(String name, String kind, Status status, double maxError, double tolerance, String detail) {
    public enum Status { PASS, FAIL, NOT_IMPLEMENTED }

    public boolean passed() {
        return status == Status.PASS;
    }

    public String line() {
        String st = status == Status.NOT_IMPLEMENTED ? "NOT IMPLEMENTED" : status.name();
        return String.format("%-44s %-26s max_err=%-11.4g tol=%-11.4g %s%s", name, kind, maxError, tolerance, st,
                detail == null || detail.isEmpty() ? "" : "  " + detail);
    }
}
