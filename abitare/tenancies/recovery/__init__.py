"""Pure cores of arrears recovery: bank statements (camt.053 and the CSV template), repayment
plan instalments and breach, the arrears early-warning rule. Plain data in and out, no ORM."""
