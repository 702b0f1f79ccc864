"""Export: the comparison and the review, as the drafters' own Word file with comments, a
comparison report (.docx), and tables (CSV, XLSX, JSON)."""
