"""Work programmes as councils keep them: tables in documents and spreadsheets."""
