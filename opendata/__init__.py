"""Open data: the directory as Open Referral HSDS 3.0 (the read-only API at
/api/hsds/ and its profile) and the curators' CSV and HSDS import and export."""
