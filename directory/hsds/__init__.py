"""Open data: the directory as Open Referral HSDS 3.0 (a read-only API and the
mapping that the curators' HSDS JSON import and export share)."""
