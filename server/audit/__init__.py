"""The audit log: every staff view of personal data and every change, who, when, what (no personal data in
the log itself, only references)."""
