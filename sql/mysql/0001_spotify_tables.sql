-- The Kaggle SpotGenTrack tables of the "enterprise" source, with `id`/`key` renamed to
-- <table>_id/track_key. updated_at is maintained by MySQL so incremental extraction has a
-- real watermark to read. List-valued and dict-valued columns keep the Kaggle text as it is.

CREATE TABLE IF NOT EXISTS spotify_artists (
  artist_id VARCHAR(32) NOT NULL,
  artist_popularity SMALLINT NULL,
  followers BIGINT NULL,
  genres TEXT NULL,
  name VARCHAR(512) NULL,
  track_id VARCHAR(32) NULL,
  track_name_prev VARCHAR(64) NULL,
  `type` VARCHAR(32) NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (artist_id),
  KEY spotify_artists_updated_at (updated_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS spotify_albums (
  album_id VARCHAR(32) NOT NULL,
  album_type VARCHAR(32) NULL,
  artist_id VARCHAR(32) NULL,
  available_markets TEXT NULL,
  external_urls TEXT NULL,
  href VARCHAR(255) NULL,
  images TEXT NULL,
  name VARCHAR(1024) NULL,
  release_date VARCHAR(16) NULL,
  release_date_precision VARCHAR(8) NULL,
  total_tracks SMALLINT NULL,
  track_id VARCHAR(32) NULL,
  track_name_prev VARCHAR(64) NULL,
  uri VARCHAR(64) NULL,
  `type` VARCHAR(32) NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (album_id),
  KEY spotify_albums_updated_at (updated_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS spotify_tracks (
  track_id VARCHAR(32) NOT NULL,
  acousticness DOUBLE NULL,
  album_id VARCHAR(32) NULL,
  analysis_url VARCHAR(255) NULL,
  artists_id TEXT NULL,
  available_markets TEXT NULL,
  country VARCHAR(8) NULL,
  danceability DOUBLE NULL,
  disc_number SMALLINT NULL,
  duration_ms INT NULL,
  energy DOUBLE NULL,
  href VARCHAR(255) NULL,
  instrumentalness DOUBLE NULL,
  track_key SMALLINT NULL,
  liveness DOUBLE NULL,
  loudness DOUBLE NULL,
  lyrics MEDIUMTEXT NULL,
  `mode` SMALLINT NULL,
  name VARCHAR(1024) NULL,
  playlist VARCHAR(255) NULL,
  popularity SMALLINT NULL,
  preview_url VARCHAR(255) NULL,
  speechiness DOUBLE NULL,
  tempo DOUBLE NULL,
  time_signature SMALLINT NULL,
  track_href VARCHAR(255) NULL,
  track_name_prev VARCHAR(64) NULL,
  track_number SMALLINT NULL,
  uri VARCHAR(64) NULL,
  valence DOUBLE NULL,
  `type` VARCHAR(32) NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (track_id),
  KEY spotify_tracks_updated_at (updated_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
